// Snapshots of a running program, and the schema validator the VS Code inspector runs on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  chan,
  go,
  enableInspection,
  snapshot,
  validateSnapshot,
  dump,
  stack,
  SCHEMA_VERSION,
} from 'goroutines';

enableInspection({ stacks: true, objects: true });
const me = fileURLToPath(import.meta.url);
const settle = () => new Promise((r) => setTimeout(r, 5));

test('a parked goroutine is listed with its wait, the channel it waits on and both sites', async () => {
  const jobs = chan<number>();
  go.named('consumer', async () => {
    await jobs.recv();
  });
  await settle();
  const s = snapshot();
  const g = s.goroutines.find((x) => x.name === 'consumer');
  assert.ok(g, 'consumer listed');
  assert.equal(g.state, 'waiting');
  assert.equal(g.waitReason, 'chan receive');
  assert.equal(g.parentId, 1);
  assert.deepEqual(
    g.createdAt.slice(0, 1).map((f) => f.file),
    [me],
  );
  assert.equal(g.parkedAt[0]?.file, me);
  const c = s.channels.find((x) => x.id === g.waitingOn);
  assert.ok(c, 'the channel waited on is in the snapshot');
  assert.deepEqual(c.recvWaiters, [g.id]);
  assert.deepEqual(c.sendWaiters, []);
  assert.equal(c.closed, false);
  assert.equal(c.capacity, 0);
  assert.match(c.label, /snapshot\.test\.ts:\d+$/);
  await jobs.send(1);
  await settle();
  assert.equal(
    snapshot().goroutines.find((x) => x.id === g.id),
    undefined,
  );
});

test('buffered channel length, capacity and closed state are reported', async () => {
  const ch = chan<string>(3);
  await ch.send('a');
  await ch.send('b');
  let c = snapshot().channels.find((x) => x.capacity === 3);
  assert.ok(c);
  assert.equal(c.length, 2);
  ch.close();
  c = snapshot().channels.find((x) => x.id === c!.id);
  assert.equal(c?.closed, true);
});

test('the totals count every goroutine while the page lists only its slice, and groups summarise all', async () => {
  const block = chan<void>();
  for (let i = 0; i < 30; i++) go.named('worker', async () => void (await block.recv()));
  await settle();
  const s = snapshot({ offset: 5, limit: 10 });
  assert.equal(s.totals.goroutines, s.totals.running + s.totals.runnable + s.totals.waiting);
  assert.ok(s.totals.goroutines >= 31);
  assert.equal(s.goroutines.length, 10);
  assert.deepEqual(s.page, { offset: 5, limit: 10 });
  const ids = s.goroutines.map((g) => g.id);
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a - b),
  );
  const workers = s.groups.find((gr) => gr.waitReason === 'chan receive' && gr.count === 30);
  assert.ok(workers, 'the 30 workers form one group');
  assert.equal(workers.sampleIds.length, 5);
  assert.equal(workers.parkedAt[0]?.file, me);
  assert.equal(
    s.groups.reduce((n, gr) => n + gr.count, 0),
    s.totals.goroutines,
  );
  block.close();
  await settle();
});

test('a snapshot validates, survives JSON, and the validator names what is wrong', () => {
  const s = snapshot();
  assert.deepEqual(validateSnapshot(s), { ok: true, snapshot: s });
  const text = JSON.stringify(s);
  const r = validateSnapshot(text);
  assert.equal(r.ok, true);
  assert.equal(s.schemaVersion, SCHEMA_VERSION);

  assert.deepEqual(validateSnapshot({ ...s, schemaVersion: 99 }), {
    ok: false,
    error: `snapshot schema version 99 is not supported (expected ${SCHEMA_VERSION})`,
  });
  assert.deepEqual(validateSnapshot('{'), { ok: false, error: validateSnapshotError('{') });
  const broken = JSON.parse(text);
  broken.goroutines[0].state = 'sleeping';
  const b = validateSnapshot(broken);
  assert.equal(b.ok, false);
  assert.match(
    !b.ok ? b.error : '',
    /^snapshot\.goroutines\[0\]\.state: expected one of running, runnable, waiting$/,
  );
  const noTotals = JSON.parse(text);
  delete noTotals.totals.waiting;
  assert.deepEqual(validateSnapshot(noTotals), {
    ok: false,
    error: 'snapshot.totals.waiting: expected a number',
  });
  assert.deepEqual(validateSnapshot(null), { ok: false, error: 'snapshot: expected an object' });
});

function validateSnapshotError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return `snapshot is not JSON: ${(e as Error).message}`;
  }
}

test('problems of a kind this version does not know are accepted when they carry a message', () => {
  const s = JSON.parse(JSON.stringify(snapshot()));
  s.problems.push({ kind: 'from-the-future', message: 'x', extra: 1 });
  assert.equal(validateSnapshot(s).ok, true);
  s.problems.push({ kind: 'lock-order', message: 'x', locks: [1] });
  const r = validateSnapshot(s);
  assert.equal(r.ok, false);
});

test('dump() prints every goroutine in Go format and stack() the calling one', async () => {
  const ch = chan<number>();
  go.named('sender', async () => {
    await ch.send(42);
  });
  await settle();
  const d = dump();
  // The caller comes first, running, with the stack of the dump() call (Go's runtime.Stack(buf, true)).
  assert.match(
    d,
    /^goroutine \d+ \[running\]:\nTestContext\.<anonymous>\(\.\.\.\)\n\t.*snapshot\.test\.ts:\d+\n/,
  );
  const block = d.split('\n\n').find((b) => b.includes('"sender"'));
  assert.ok(block);
  const lines = block.trimEnd().split('\n');
  assert.match(lines[0]!, /^goroutine \d+ "sender" \[chan send\]:$/);
  assert.equal(lines[1], '<anonymous>(...)');
  assert.match(lines[2]!, new RegExp(`^\\t${me.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`));
  // The test body runs outside any goroutine once the event loop has turned: no parent id then.
  assert.match(lines.at(-2)!, /^created by TestContext\.<anonymous>( in goroutine 1)?$/);
  assert.equal(await ch.recv(), 42);

  let inside = '';
  go.named('asker', () => {
    inside = stack();
  });
  await settle();
  assert.match(
    inside,
    /^goroutine \d+ "asker" \[running\]:\n<anonymous>\(\.\.\.\)\n\t.*snapshot\.test\.ts:\d+\n/,
  );
  assert.match(
    inside,
    /created by TestContext\.<anonymous>( in goroutine \d+)?\n\t.*snapshot\.test\.ts:\d+\n$/,
  );
});

test('goroutines published by a worker thread join the snapshot and the dump, in id order', async () => {
  const { publishThreadGoroutines } = await import('../../../runtime/src/inspect/threads.js');
  const parked = [
    'Error: chan receive',
    '    at Chan.recv (/app/node_modules/goroutines/dist/chan.js:1:1)',
    '    at resize (/app/src/images.ts:7:11)',
  ].join('\n');
  publishThreadGoroutines(5, [
    {
      id: 100_001,
      name: 'resize',
      parentId: 1,
      thread: 5,
      state: 'waiting',
      waitReason: 'chan receive',
      waitSince: Date.now(),
      waitingOn: 'Chan',
      createdAt: undefined,
      parkedAt: parked,
    },
  ]);
  const s = snapshot({ limit: 100_000 });
  const last = s.goroutines.at(-1)!;
  assert.deepEqual(
    { ...last, waitingSeconds: 0 },
    {
      id: 100_001,
      name: 'resize',
      parentId: 1,
      thread: 5,
      state: 'waiting',
      waitReason: 'chan receive',
      waitingSeconds: 0,
      waitingOn: null,
      createdAt: [],
      parkedAt: [{ fn: 'resize', file: '/app/src/images.ts', line: 7, column: 11 }],
    },
  );
  assert.match(
    dump(),
    /\n\ngoroutine 100001 "resize" \[chan receive\]:\nresize\(\.\.\.\)\n\t\/app\/src\/images\.ts:7\n$/,
  );
  publishThreadGoroutines(5, []);
  assert.equal(
    snapshot().goroutines.find((g) => g.thread === 5),
    undefined,
  );
});
