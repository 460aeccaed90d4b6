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
import { buildGraph, GROUP_ABOVE, type GraphModel } from '../../../client/src/inspector/graphModel.js';
import { findCycles } from '../../../client/src/inspector/cycles.js';
import { formatGoroutineStack, waitLabel, duration } from '../../../client/src/inspector/format.js';
import {
  ABSENT,
  findLeaksExpression,
  readLeakSearch,
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

// A snapshot made by hand: goroutines with their park sites, channels and locks with their waiters.
function fakeSnapshot(parts: {
  goroutines: Snapshot['goroutines'];
  channels?: Snapshot['channels'];
  locks?: Snapshot['locks'];
  problems?: Snapshot['problems'];
  total?: number;
}): Snapshot {
  const channels = parts.channels ?? [];
  const locks = parts.locks ?? [];
  const total = parts.total ?? parts.goroutines.length;
  return {
    schemaVersion: 1,
    takenAt: 1,
    pid: 1,
    totals: {
      goroutines: total,
      running: 0,
      runnable: 0,
      waiting: total,
      channels: channels.length,
      locks: locks.length,
    },
    page: { offset: 0, limit: parts.goroutines.length },
    goroutines: parts.goroutines,
    groups: [],
    channels,
    locks,
    problems: parts.problems ?? [],
  };
}

const frame = (file: string, line: number) => ({ fn: 'f', file: `/app/${file}`, line, column: 1 });

function waiter(id: number, on: number, parkedAt: string, line: number, waitReason = 'chan receive') {
  return {
    id,
    name: 'w',
    parentId: 1,
    thread: 0,
    state: 'waiting' as const,
    waitReason,
    waitingSeconds: 0,
    waitingOn: on,
    createdAt: [frame('main.ts', 1)],
    parkedAt: [frame(parkedAt, line)],
  };
}

function channel(
  id: number,
  recvWaiters: number[],
  createdAt = frame('main.ts', 2),
): Snapshot['channels'][number] {
  return {
    id,
    label: `${createdAt.file}:${createdAt.line}`,
    createdAt: [createdAt],
    length: 0,
    capacity: 0,
    closed: false,
    sendWaiters: [],
    recvWaiters,
  };
}

/** Goroutines the graph stands for: its goroutine nodes and the counts of its goroutine groups. */
const represented = (graph: GraphModel): number =>
  graph.nodes.reduce(
    (n, x) =>
      n + (x.kind === 'goroutine' ? 1 : x.kind === 'group' && x.groupOf === 'goroutine' ? x.count : 0),
    0,
  );

test('a large graph groups goroutines by park site and wait target, every goroutine counted, problem members alone', () => {
  // 1,500 + 500 receivers on channel 1 at two park sites, one of them leaked; 1,000 goroutines each
  // on a channel of its own made at the same site; 300 receivers on channel 2 the page does not list.
  const onOne = [
    ...Array.from({ length: 1500 }, (_, i) => waiter(10 + i, 1, 'a.ts', 3)),
    ...Array.from({ length: 500 }, (_, i) => waiter(2000 + i, 1, 'b.ts', 7)),
  ];
  const ownChannels = Array.from({ length: 1000 }, (_, i) => waiter(5000 + i, 10_000 + i, 'c.ts', 5));
  const unlisted = Array.from({ length: 300 }, (_, i) => 9000 + i);
  const s = fakeSnapshot({
    goroutines: [...onOne, ...ownChannels],
    total: onOne.length + ownChannels.length + unlisted.length,
    channels: [
      channel(
        1,
        onOne.map((g) => g.id),
      ),
      channel(2, unlisted),
      ...ownChannels.map((g) => channel(g.waitingOn, [g.id], frame('c.ts', 4))),
    ],
    problems: [
      {
        kind: 'goroutine-leak',
        message: 'leak',
        goroutine: 2100,
        name: 'w',
        waitReason: 'chan receive',
        parkedAt: [],
        createdAt: [],
      },
    ],
  });
  const graph = buildGraph(new SnapshotIndex(s));
  assert.ok(graph.nodes.length <= GROUP_ABOVE, `${graph.nodes.length} nodes`);
  const labels = graph.nodes.map((n) => `${n.label} ${n.detail}`).sort();
  assert.deepEqual(labels, [
    '1000 × chan made at c.ts:4',
    '1000 × chan receive at c.ts:5',
    '1500 × chan receive at a.ts:3',
    '300 × chan receive not in the listed page',
    '499 × chan receive at b.ts:7',
    'chan 1 0/0',
    'chan 2 0/0',
    'goroutine 2100 "w" leaked in chan receive',
  ]);
  // Every goroutine is there: alone or counted in a group.
  assert.equal(graph.goroutines, 3300);
  assert.equal(represented(graph), 3300);
  assert.equal(graph.grouped, 3299);
  // The leaked goroutine stays on its own, highlighted; groups never are.
  assert.ok(graph.nodes.find((n) => n.id === 'g2100')?.highlighted);
  assert.deepEqual(
    graph.nodes.filter((n) => n.highlighted).map((n) => n.id),
    ['g2100'],
  );
  // Edges join the groups to what they wait on, with the number of waits they stand for.
  const byLabel = new Map(graph.nodes.map((n) => [`${n.label} ${n.detail}`, n.id]));
  const edge = (from: string, to: string) =>
    graph.edges.find((e) => e.source === byLabel.get(from) && e.target === byLabel.get(to));
  assert.equal(edge('1500 × chan receive at a.ts:3', 'chan 1 0/0')?.count, 1500);
  assert.equal(edge('300 × chan receive not in the listed page', 'chan 2 0/0')?.count, 300);
  assert.equal(edge('1000 × chan receive at c.ts:5', '1000 × chan made at c.ts:4')?.count, 1000);
  assert.ok(edge('goroutine 2100 "w" leaked in chan receive', 'chan 1 0/0'));
  // Group ids stay the same from one snapshot to the next (the page keeps its selection).
  assert.deepEqual(
    buildGraph(new SnapshotIndex(s)).nodes.map((n) => n.id),
    graph.nodes.map((n) => n.id),
  );
});

test('in a large graph a lock cycle stays as its own highlighted nodes next to the groups', () => {
  const many = Array.from({ length: 500 }, (_, i) => waiter(100 + i, 1, 'a.ts', 3));
  const pay = waiter(2, 21, 'bank.ts', 9, 'sync.Mutex.Lock');
  const refund = waiter(3, 20, 'bank.ts', 9, 'sync.Mutex.Lock');
  const mutex = (id: number, holder: number, waiters: number[]): Snapshot['locks'][number] => ({
    id,
    kind: 'Mutex',
    label: 'bank.ts:5',
    createdAt: [frame('bank.ts', 5)],
    holder,
    readHolders: [],
    waiters,
  });
  const graph = buildGraph(
    new SnapshotIndex(
      fakeSnapshot({
        goroutines: [pay, refund, ...many],
        channels: [
          channel(
            1,
            many.map((g) => g.id),
          ),
        ],
        locks: [mutex(20, 2, [3]), mutex(21, 3, [2])],
      }),
    ),
  );
  assert.deepEqual(
    graph.cycles.map((c) => [...c].sort()),
    [['g2', 'g3', 'l20', 'l21']],
  );
  assert.deepEqual(
    graph.nodes
      .filter((n) => n.highlighted)
      .map((n) => n.id)
      .sort(),
    ['g2', 'g3', 'l20', 'l21'],
  );
  assert.equal(graph.edges.filter((e) => e.highlighted).length, 4);
  assert.deepEqual(
    graph.nodes.filter((n) => n.kind === 'group').map((n) => `${n.label} ${n.detail}`),
    ['500 × chan receive at a.ts:3'],
  );
  assert.equal(represented(graph), 502);
});

test('a goroutine whose channel does not list it still groups with the ones it lists', () => {
  const gs = Array.from({ length: 200 }, (_, i) => waiter(10 + i, 1, 'a.ts', 3));
  const graph = buildGraph(
    new SnapshotIndex(
      fakeSnapshot({
        goroutines: gs,
        // The channel's list misses goroutine 10, whose record says it waits there.
        channels: [
          channel(
            1,
            gs.slice(1).map((g) => g.id),
          ),
        ],
      }),
    ),
  );
  assert.deepEqual(
    graph.nodes.map((n) => `${n.label} ${n.detail}`),
    ['200 × chan receive at a.ts:3', 'chan 1 0/0'],
  );
});

test('a small graph shows every goroutine on its own', () => {
  const gs = Array.from({ length: 30 }, (_, i) => waiter(10 + i, 1, 'a.ts', 3));
  const graph = buildGraph(
    new SnapshotIndex(
      fakeSnapshot({
        goroutines: gs,
        channels: [
          channel(
            1,
            gs.map((g) => g.id),
          ),
        ],
      }),
    ),
  );
  assert.equal(graph.nodes.length, 31);
  assert.equal(graph.grouped, 0);
  assert.ok(graph.nodes.every((n) => n.kind !== 'group'));
});

test('a whole-program deadlock highlights its goroutines and the channels and locks they wait on', () => {
  const main = { ...waiter(1, 5, 'main.ts', 12, 'sync.WaitGroup.Wait'), parentId: 0 };
  const workers = [waiter(2, 4, 'main.ts', 9), waiter(3, 4, 'main.ts', 9)];
  const busy = [waiter(7, 6, 'other.ts', 2)];
  const graph = buildGraph(
    new SnapshotIndex(
      fakeSnapshot({
        goroutines: [main, ...workers, ...busy],
        channels: [channel(4, [2, 3]), channel(6, [7])],
        locks: [
          {
            id: 5,
            kind: 'WaitGroup',
            label: 'main.ts:6',
            createdAt: [frame('main.ts', 6)],
            holder: null,
            readHolders: [],
            waiters: [1],
          },
        ],
        problems: [
          { kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', goroutines: [1, 2, 3] },
        ],
      }),
    ),
  );
  assert.deepEqual(
    graph.nodes
      .filter((n) => n.highlighted)
      .map((n) => n.id)
      .sort(),
    ['c4', 'g1', 'g2', 'g3', 'l5'],
  );
  assert.deepEqual(
    graph.edges
      .filter((e) => e.highlighted)
      .map((e) => e.id)
      .sort(),
    ['g1->l5', 'g2->c4', 'g3->c4'],
  );
  assert.ok(!graph.edges.find((e) => e.id === 'g7->c6')?.highlighted);
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

test('the leak search expressions start a search and ask about it; their answers are read whole, quoted or absent', () => {
  const calls: unknown[][] = [];
  const key = Symbol.for('goroutines.inspect');
  const g = globalThis as unknown as Record<symbol, unknown>;
  const saved = g[key];
  g[key] = {
    findLeaks: (...args: unknown[]) => {
      calls.push(args);
      return JSON.stringify({
        round: 3,
        enabled: true,
        done: args.length > 0,
        leaked: args.length ? [7, 8] : [],
      });
    },
  };
  try {
    const start = readLeakSearch(String(new Function(`return ${findLeaksExpression()}`)()));
    assert.deepEqual(start, { round: 3, enabled: true, done: false, leaked: [] });
    const later = readLeakSearch(
      JSON.stringify(String(new Function(`return ${findLeaksExpression(3.9)}`)())),
    );
    assert.deepEqual(later, { round: 3, enabled: true, done: true, leaked: [7, 8] });
    assert.deepEqual(calls, [[], [3]]);
  } finally {
    g[key] = saved;
  }
  assert.equal(readLeakSearch(String(new Function(`return ${findLeaksExpression()}`)())), undefined);
  assert.equal(readLeakSearch(ABSENT), undefined);
  assert.throws(() => readLeakSearch('{"round":"x"}'), /malformed answer to a leak search/);
});
