// The inspector's model, fed with snapshots the runtime takes of goroutines started in this process:
// indexing, filtering, grouping by park site, lock cycles, the wait-for graph, Go-format stacks, and
// reading the debugger's answers (whole, quoted, absent, from another schema version, malformed).
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chan, dump, enableInspection, go, snapshot, type Snapshot } from 'goroutines';
import {
  SnapshotIndex,
  groupByParkSite,
  isRuntimeGoroutine,
  lockCycles,
  matches,
  parseFilter,
  describeFilter,
} from '../../../client/src/inspector/model.js';
import { buildGraph, MAX_GRAPH_NODES } from '../../../client/src/inspector/graphModel.js';
import { findCycles } from '../../../client/src/inspector/cycles.js';
import { formatGoroutineStack, waitLabel, duration } from '../../../client/src/inspector/format.js';
import {
  ABSENT,
  readSnapshotAnswer,
  snapshotExpression,
  unquote,
} from '../../../client/src/inspector/protocol.js';

enableInspection({ stacks: true, objects: true, lockOrder: true });
const me = fileURLToPath(import.meta.url);
const settle = () => new Promise((r) => setTimeout(r, 10));

test('the index finds goroutines, threads, children and what each one waits on', async () => {
  const jobs = chan<number>();
  go.named('parent', async () => {
    go.named('child', async () => {
      await jobs.recv();
    });
    await jobs.recv();
  });
  await settle();
  const index = new SnapshotIndex(snapshot({ limit: 10_000 }));
  const parent = [...index.goroutines.values()].find((g) => g.name === 'parent')!;
  const child = [...index.goroutines.values()].find((g) => g.name === 'child')!;
  const parentId = parent.id;
  assert.equal(child.parentId, parentId);
  assert.deepEqual(
    index.childrenOf.get(parentId)?.map((g) => g.name),
    ['child'],
  );
  assert.deepEqual(index.waitTarget(child), { kind: 'channel', id: child.waitingOn });
  assert.deepEqual(index.channels.get(child.waitingOn!)?.recvWaiters.sort(), [parent.id, child.id].sort());
  assert.ok(index.threads.includes(0));
  assert.ok(index.complete);
  assert.ok(!isRuntimeGoroutine(child));
  jobs.close();
});

test('a filter of words, state and thread selects goroutines; runtime goroutines stay hidden unless asked', () => {
  const f = parseFilter('  consumer state:waiting thread:main ');
  assert.deepEqual(f, { text: 'consumer', states: ['waiting'], thread: 0, showRuntime: false });
  assert.equal(describeFilter(f), 'consumer state:waiting thread:0');
  const g = {
    id: 7,
    name: 'consumer',
    parentId: 1,
    thread: 0,
    state: 'waiting' as const,
    waitReason: 'chan receive',
    waitingSeconds: 3,
    waitingOn: 1,
    createdAt: [{ fn: 'main', file: '/app/main.ts', line: 3, column: 1 }],
    parkedAt: [{ fn: 'consume', file: '/app/pipeline.ts', line: 12, column: 5 }],
  };
  assert.ok(matches(g, f));
  assert.ok(matches(g, parseFilter('pipeline.ts:12')));
  assert.ok(!matches(g, parseFilter('producer')));
  assert.ok(!matches(g, parseFilter('state:running')));
  assert.ok(!matches(g, parseFilter('thread:3')));
  const timer = {
    ...g,
    createdAt: [{ fn: 'afterFunc', file: '/app/node_modules/goroutines/dist/time.js', line: 9, column: 2 }],
  };
  assert.ok(isRuntimeGoroutine(timer));
  assert.ok(!matches(timer, parseFilter('')));
  assert.ok(matches(timer, parseFilter('runtime:show')));
});

test('goroutines parked at the same site are one group with a count and the longest wait', async () => {
  const never = chan<void>();
  async function waitHere(): Promise<void> {
    await never.recv();
  }
  for (let i = 0; i < 25; i++) go.named('same', waitHere);
  const full = chan<void>();
  go.named('other', async () => {
    await full.send();
  });
  await settle();
  const s = snapshot({ limit: 10_000 });
  const groups = groupByParkSite(s.goroutines.filter((g) => g.name === 'same' || g.name === 'other'));
  assert.deepEqual(
    groups.map((g) => [g.goroutines.length, g.waitReason]),
    [
      [25, 'chan receive'],
      [1, 'chan send'],
    ],
  );
  assert.equal(groups[0]!.parkedAt[0]?.fn, 'waitHere');
  assert.equal(groups[0]!.parkedAt[0]?.file, me);
  await full.recv();
  never.close();
});

test('two goroutines waiting on locks held by each other are a deadlock, highlighted as a cycle in the graph', () => {
  // Lock holders are attributed exactly only when inspection is on from the start: a child process.
  const program = fileURLToPath(new URL('./programs/lock-cycle.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', program], {
    env: { ...process.env, GOROUTINES_DEBUG: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const answer = readSnapshotAnswer(run.stdout);
  assert.equal(answer.kind, 'ok', answer.kind !== 'ok' ? answer.message : '');
  const s = (answer as { snapshot: Snapshot }).snapshot;
  const pay = s.goroutines.find((g) => g.name === 'pay')!;
  const refund = s.goroutines.find((g) => g.name === 'refund')!;
  const cycles = lockCycles(s);
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0]!.kind, 'deadlock');
  assert.deepEqual(
    cycles[0]!.kind === 'deadlock' && [...cycles[0]!.goroutines].sort(),
    [pay.id, refund.id].sort(),
  );
  assert.match(
    cycles[0]!.message,
    /^goroutines \d+, \d+ wait for each other: Mutex \d+ held by goroutine \d+, Mutex \d+ held by goroutine \d+$/,
  );

  const index = new SnapshotIndex(s);
  assert.ok(index.problemsOf.get(pay.id)?.some((p) => p.kind === 'deadlock'));
  // The runtime's lock-order checker saw the inversion too.
  assert.ok(index.problems.some((p) => p.kind === 'lock-order'));

  const graph = buildGraph(index);
  const inCycle = new Set([`g${pay.id}`, `g${refund.id}`, `l${pay.waitingOn}`, `l${refund.waitingOn}`]);
  const cycle = graph.cycles.find((c) => c.includes(`g${pay.id}`));
  assert.deepEqual(new Set(cycle), inCycle);
  for (const id of inCycle) assert.ok(graph.nodes.find((n) => n.id === id)?.highlighted, id);
  const cycleEdges = graph.edges.filter((e) => inCycle.has(e.source) && inCycle.has(e.target));
  assert.equal(cycleEdges.length, 4);
  assert.ok(cycleEdges.every((e) => e.highlighted));
  assert.equal(graph.nodes.find((n) => n.id === `g${pay.id}`)?.frame?.file, program);
});

test('cycles are the strongly connected parts of more than one node', () => {
  const e = (source: string, target: string) => ({ source, target });
  assert.deepEqual(findCycles(['a', 'b', 'c', 'd'], [e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')]), [
    ['a', 'b', 'c'],
  ]);
  assert.deepEqual(findCycles(['a', 'b'], [e('a', 'b')]), []);
  assert.deepEqual(findCycles(['a'], [e('a', 'a')]), []);
  // Long chains do not overflow the stack (the search is iterative).
  const n = 100_000;
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const chain = ids.map((id, i) => e(id, ids[(i + 1) % n]!));
  assert.equal(findCycles(ids, chain)[0]?.length, n);
});

test('a huge graph keeps its highlighted nodes and stays under the node cap', () => {
  const goroutines = Array.from({ length: 2000 }, (_, i) => ({
    id: i + 2,
    name: 'w',
    parentId: 1,
    thread: 0,
    state: 'waiting' as const,
    waitReason: 'chan receive',
    waitingSeconds: 0,
    waitingOn: 1,
    createdAt: [],
    parkedAt: [],
  }));
  const s: Snapshot = {
    schemaVersion: 1,
    takenAt: 1,
    pid: 1,
    totals: { goroutines: 2000, running: 0, runnable: 0, waiting: 2000, channels: 1, locks: 0 },
    page: { offset: 0, limit: 2000 },
    goroutines,
    groups: [],
    channels: [
      {
        id: 1,
        label: 'x.ts:1',
        createdAt: [],
        length: 0,
        capacity: 0,
        closed: false,
        sendWaiters: [],
        recvWaiters: goroutines.map((g) => g.id),
      },
    ],
    locks: [],
    problems: [
      {
        kind: 'goroutine-leak',
        message: 'leak',
        goroutine: 1999,
        name: 'w',
        waitReason: 'chan receive',
        parkedAt: [],
        createdAt: [],
      },
    ],
  };
  const graph = buildGraph(new SnapshotIndex(s));
  assert.equal(graph.nodes.length, MAX_GRAPH_NODES);
  assert.equal(graph.omitted, 2001 - MAX_GRAPH_NODES);
  assert.ok(graph.nodes.find((n) => n.id === 'g1999')?.highlighted);
  assert.ok(graph.nodes.some((n) => n.id === 'c1'));
});

test("a goroutine's stack from the snapshot reads exactly as the runtime's own dump of it", async () => {
  const ch = chan<number>();
  async function producer(): Promise<void> {
    await ch.send(1);
  }
  go.named('producer', producer);
  await settle();
  const g = snapshot({ limit: 10_000 }).goroutines.find((x) => x.name === 'producer')!;
  const block = dump()
    .split('\n\n')
    .find((b) => b.startsWith(`goroutine ${g.id} `))!;
  assert.equal(formatGoroutineStack(g), block.endsWith('\n') ? block : block + '\n');
  assert.match(
    formatGoroutineStack(g),
    /^goroutine \d+ "producer" \[chan send\]:\nproducer\(\.\.\.\)\n\t.*model\.test\.ts:\d+\n/,
  );
  await ch.recv();
});

test('waits read as Go programmers expect', () => {
  assert.equal(waitLabel('chan receive', 0), 'chan receive');
  assert.equal(waitLabel('chan receive', 3), 'chan receive, 3s');
  assert.equal(waitLabel('select', 125), 'select, 2m 5s');
  assert.equal(duration(7322), '2h 2m');
});

test("the debugger's answer: whole JSON, quoted literals, no runtime, another schema version, malformed", () => {
  const s = JSON.stringify(snapshot({ limit: 5 }));
  assert.equal(readSnapshotAnswer(s).kind, 'ok');
  assert.equal(readSnapshotAnswer(JSON.stringify(s)).kind, 'ok');
  assert.equal(readSnapshotAnswer(`'${s.replace(/'/g, "\\'")}'`).kind, 'ok');
  assert.equal(unquote(`'it\\'s\\n\\u00e9'`), "it's\né");

  assert.equal(readSnapshotAnswer(ABSENT).kind, 'absent');
  assert.equal(readSnapshotAnswer(JSON.stringify(ABSENT)).kind, 'absent');

  const future = readSnapshotAnswer(JSON.stringify({ ...JSON.parse(s), schemaVersion: 2 }));
  assert.equal(future.kind, 'invalid');
  assert.match(
    future.kind === 'invalid' ? future.message : '',
    /not supported by this extension: snapshot schema version 2/,
  );

  const cut = readSnapshotAnswer(s.slice(0, s.length / 2) + '…');
  assert.equal(cut.kind, 'invalid');
  assert.match(
    cut.kind === 'invalid' ? cut.message : '',
    /^malformed snapshot from the program: snapshot is not JSON/,
  );

  const wrong = readSnapshotAnswer(JSON.stringify({ ...JSON.parse(s), goroutines: [{ id: 'x' }] }));
  assert.match(
    wrong.kind === 'invalid' ? wrong.message : '',
    /snapshot\.goroutines\[0\]\.id: expected a number/,
  );
});

test('the snapshot expression asks for one page and runs as plain JavaScript', () => {
  const expr = snapshotExpression({ limit: 1234.7 });
  assert.match(expr, /\.snapshot\(\{ limit: 1234 \}\)/);
  const answer = readSnapshotAnswer(String(new Function(`return ${expr}`)()));
  assert.equal(answer.kind, 'absent', 'no inspector object on globalThis without GOROUTINES_DEBUG');
});
