// Go-format dumps from hand-built goroutine records; the expected layout is Go's
// (runtime/traceback.go: goroutineheader, traceback, printcreatedby).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { formatDump, formatGoroutine, parseStack } from '../../../runtime/src/inspect/dump.js';
import type { GoroutineRecord } from '../../../runtime/src/sched/record.js';

const runtimeFile = fileURLToPath(new URL('../../../runtime/src/chan.ts', import.meta.url));

function stack(...lines: string[]): Error {
  const e = new Error('park');
  e.stack = ['Error: park', ...lines.map((l) => `    at ${l}`)].join('\n');
  return e;
}

function record(over: Partial<GoroutineRecord>): GoroutineRecord {
  return {
    id: 7,
    name: '',
    parentId: 1,
    thread: 0,
    state: 'waiting',
    waitReason: 'chan receive',
    waitSince: 0,
    waitingOn: null,
    createdAt: undefined,
    parkedAt: undefined,
    ...over,
  };
}

test('parseStack reads named, anonymous, async and method frames and turns file URLs into paths', () => {
  const frames = parseStack(
    stack(
      'producer (file:///app/src/pipe.ts:12:9)',
      'file:///app/src/main%20x.ts:3:1',
      'async Pool.run [as go] (/app/src/pool.ts:40:5)',
      'new Promise (<anonymous>)',
      'async Promise.all (index 0)',
    ),
  );
  assert.deepEqual(frames, [
    { fn: 'producer', file: '/app/src/pipe.ts', line: 12, column: 9, async: false },
    { fn: '<anonymous>', file: '/app/src/main x.ts', line: 3, column: 1, async: false },
    { fn: 'Pool.run', file: '/app/src/pool.ts', line: 40, column: 5, async: true },
  ]);
});

test('parseStack drops the runtime frames and node internals unless asked to keep them', () => {
  const e = stack(
    `Chan.recv (${runtimeFile}:100:3)`,
    'consumer (/app/src/c.ts:5:11)',
    'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  );
  assert.deepEqual(
    parseStack(e).map((f) => f.fn),
    ['consumer'],
  );
  assert.deepEqual(
    parseStack(e, true).map((f) => f.fn),
    ['Chan.recv', 'consumer', 'process.processTicksAndRejections'],
  );
});

test('a parked goroutine prints its header, park-site frames and creation site like Go', () => {
  const g = record({
    name: 'producer',
    parkedAt: stack(
      `Chan.send (${runtimeFile}:80:7)`,
      'producer (/app/src/pipe.ts:12:9)',
      'async run (/app/src/pipe.ts:30:3)',
    ),
    createdAt: stack(`go (${runtimeFile}:10:1)`, 'main (/app/src/main.ts:5:3)'),
    waitReason: 'chan send',
  });
  assert.equal(
    formatGoroutine(g),
    [
      'goroutine 7 "producer" [chan send]:',
      'producer(...)',
      '\t/app/src/pipe.ts:12',
      'run(...)',
      '\t/app/src/pipe.ts:30',
      'created by main in goroutine 1',
      '\t/app/src/main.ts:5',
    ].join('\n'),
  );
});

test('the wait duration appears from one minute on, in whole minutes, as Go prints it', () => {
  const now = 1_000_000_000;
  const at = (ms: number) => formatGoroutine(record({ waitSince: now - ms }), { now }).split('\n')[0];
  assert.equal(at(59_999), 'goroutine 7 [chan receive]:');
  assert.equal(at(60_000), 'goroutine 7 [chan receive, 1 minutes]:');
  assert.equal(at(3 * 60_000 + 59_000), 'goroutine 7 [chan receive, 3 minutes]:');
  assert.equal(
    formatGoroutine(record({ waitSince: now - 12_500 }), { now, seconds: true }).split('\n')[0],
    'goroutine 7 [chan receive, 12 seconds]:',
  );
  assert.equal(
    formatGoroutine(record({ state: 'runnable', waitReason: '', waitSince: now - 120_000 }), { now }),
    'goroutine 7 [runnable]:',
  );
});

test('goroutine 1 has no creation site; names are quoted so they stay parseable', () => {
  const main = record({
    id: 1,
    parentId: 0,
    createdAt: stack('main (/app/src/main.ts:1:1)'),
    waitReason: 'sync.WaitGroup.Wait',
  });
  assert.equal(formatGoroutine(main), 'goroutine 1 [sync.WaitGroup.Wait]:');
  // Created outside any goroutine: Go 1.20's `created by` line, without a parent.
  const orphan = record({ parentId: 0, createdAt: stack('setup (/app/src/s.ts:4:3)') });
  assert.equal(formatGoroutine(orphan), 'goroutine 7 [chan receive]:\ncreated by setup\n\t/app/src/s.ts:4');
  assert.equal(formatGoroutine(record({ name: 'a "b" ]' })), 'goroutine 7 "a \\"b\\" ]" [chan receive]:');
});

test('a full dump separates goroutines with a blank line and ends with a newline', () => {
  const dump = formatDump([record({ id: 1, parentId: 0 }), record({ id: 2, waitReason: 'select' })]);
  assert.equal(dump, 'goroutine 1 [chan receive]:\n\ngoroutine 2 [select]:\n');
  assert.equal(formatDump([]), '');
});

test('stackOf replaces the park site, e.g. with the error of a panicking goroutine', () => {
  const err = stack('boom (/app/src/b.ts:2:9)');
  const g = record({ state: 'running', waitReason: '', parkedAt: stack('x (/app/src/x.ts:1:1)') });
  assert.equal(
    formatGoroutine(g, { stackOf: () => err }),
    'goroutine 7 [running]:\nboom(...)\n\t/app/src/b.ts:2',
  );
});

test('the grouped form counts goroutines with the same state and stacks, most frequent first', () => {
  const park = stack('worker (/app/src/pool.ts:12:5)');
  const created = stack('main (/app/src/main.ts:30:7)');
  const records = [
    record({ id: 1, parentId: 0, waitReason: 'sync.WaitGroup.Wait' }),
    ...[2, 3, 4].map((id) => record({ id, parkedAt: park, createdAt: created })),
    record({ id: 5, waitReason: 'chan send', parkedAt: park, createdAt: created }),
  ];
  assert.equal(
    formatDump(records, { grouped: true }),
    [
      'goroutine profile: total 5',
      '3 @ [chan receive]',
      '#\tworker\t/app/src/pool.ts:12',
      '#\tcreated by main\t/app/src/main.ts:30',
      '',
      '1 @ [sync.WaitGroup.Wait]',
      '',
      '1 @ [chan send]',
      '#\tworker\t/app/src/pool.ts:12',
      '#\tcreated by main\t/app/src/main.ts:30',
      '',
    ].join('\n'),
  );
});

test('a real V8 stack captured in an async function parses to its awaiting callers', async () => {
  async function inner(): Promise<Error> {
    await null;
    return new Error('here');
  }
  async function outer(): Promise<Error> {
    return await inner();
  }
  const frames = parseStack(await outer());
  const me = fileURLToPath(import.meta.url);
  assert.deepEqual(
    frames.slice(0, 2).map((f) => [f.fn, f.file, f.async]),
    [
      ['inner', me, false],
      ['outer', me, true],
    ],
  );
});

test('goroutines without recorded stacks group together', () => {
  const created = stack('main (/app/src/main.ts:3:1)');
  const records = [2, 3, 4].map((id) =>
    record({ id, state: 'runnable', waitReason: '', createdAt: created }),
  );
  assert.equal(
    formatDump(records, { grouped: true }),
    'goroutine profile: total 3\n3 @ [runnable]\n#\tcreated by main\t/app/src/main.ts:3\n',
  );
});
