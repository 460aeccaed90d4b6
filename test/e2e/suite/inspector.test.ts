// The goroutine inspector in a real VS Code: fixture programs (test/e2e/workspace/inspector/) run
// under the built-in JavaScript debugger, and the views, commands and wait-for graph are read back
// through `goroutines.inspector.describe` (the rows the tree providers give VS Code).
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RenderedGraph } from '../../../client/src/inspector/graphPanel.js';
import type { InspectorDescription } from '../../../client/src/inspector/index.js';
import type { DescribedRow } from '../../../client/src/inspector/view.js';

const EXTENSION_ID = 'goroutines.goroutines-for-typescript';

type Row = DescribedRow;
type Graph = RenderedGraph;
type Description = InspectorDescription;

const cmd = <T>(name: string, ...args: unknown[]): Thenable<T> =>
  vscode.commands.executeCommand<T>(`goroutines.inspector.${name}`, ...args);
const describe = (depth = 4): Thenable<Description> => cmd<Description>('describe', depth);

function workspace(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return folder;
}

const fixture = (name: string): string => path.join(workspace().uri.fsPath, 'inspector', name);

/** Every row of a tree, depth first. */
function flatten(rows: Row[] | undefined): Row[] {
  return (rows ?? []).flatMap((r) => [r, ...flatten(r.children)]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Refreshes until the views satisfy `ok`; fails with the last description. */
async function until(
  ok: (d: Description) => boolean,
  what: string,
  timeoutMs = 30000,
  refresh = true,
): Promise<Description> {
  const end = Date.now() + timeoutMs;
  let d: Description | undefined;
  while (Date.now() < end) {
    if (refresh) await cmd('refresh');
    d = await describe();
    if (ok(d)) return d;
    await sleep(250);
  }
  const { trace, ...rest } = d ?? { trace: [] };
  assert.fail(
    `${what}: not seen in ${timeoutMs} ms; trace:\n${trace.join('\n')}\nlast: ${JSON.stringify(rest).slice(0, 2000)}`,
  );
}

/** Reads the graph the page drew until it satisfies `ok`; fails with the last one. */
async function graphUntil(ok: (g: Graph) => boolean, what: string, timeoutMs = 30000): Promise<Graph> {
  const end = Date.now() + timeoutMs;
  let g: Graph | undefined;
  while (Date.now() < end) {
    g = (await describe(1)).graph;
    if (g && ok(g)) return g;
    await sleep(250);
  }
  assert.fail(`${what}: not drawn in ${timeoutMs} ms; last: ${JSON.stringify(g).slice(0, 3000)}`);
}

async function debug(
  program: string,
  env: Record<string, string> = {},
  runtimeArgs = ['--expose-gc', '--conditions=development', '--import', 'tsx'],
): Promise<void> {
  const started = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidStartDebugSession(() => {
      sub.dispose();
      resolve();
    });
  });
  const ok = await vscode.debug.startDebugging(workspace(), {
    type: 'node',
    request: 'launch',
    name: `inspector: ${path.basename(program)}`,
    program,
    cwd: workspace().uri.fsPath,
    runtimeArgs,
    console: 'internalConsole',
    skipFiles: ['<node_internals>/**'],
    env,
  });
  assert.ok(ok, 'the debug session started');
  await started;
  // The views appear once a Node session runs; showing one turns live updates on.
  await vscode.commands.executeCommand('goroutines.inspector.goroutines.focus');
}

async function stopAll(): Promise<void> {
  // Without a session argument every session stops.
  await vscode.debug.stopDebugging();
  for (let i = 0; i < 100 && vscode.debug.activeDebugSession; i++) await sleep(100);
  await sleep(200);
}

function goroutineRows(d: Description): Row[] {
  return flatten(d.goroutines).filter((r) => r.kind === 'goroutine');
}

suite('goroutine inspector', function () {
  this.timeout(120000);
  // Each test debugs a real program in a real VS Code. On a loaded machine the debugger can attach
  // after a program that deadlocks at once has already ended; a failed test is run once more, from
  // a clean state (teardown stops every session), and must then pass in full.
  this.retries(1);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    // Open the Run and Debug side bar with the Goroutines view, so live updates and stops fetch.
    await vscode.commands.executeCommand('workbench.view.debug');
  });

  teardown(async () => {
    await cmd('closeGraph');
    await stopAll();
    await cmd('groupByThread');
    await cmd('clearFilter');
  });

  test('blocked goroutines: states, wait reasons, counts, channels, grouping, filter, stack, dump, source', async () => {
    await debug(fixture('blocked.ts'));
    // The program stops at its `debugger` statement: the stop itself brings a snapshot (no refresh here).
    // A live fetch may come before the stop, while the goroutines are still starting: wait for the stop's.
    const d = await until(
      (x) =>
        x.trace.some((l) => l.startsWith('stopped:')) &&
        goroutineRows(x).filter(
          (r) => r.label.includes('"consumer"') && r.description.startsWith('chan receive'),
        ).length === 3,
      'three consumers fetched at the stop',
      30000,
      false,
    );
    assert.ok(
      d.trace.some((l) => l.startsWith('stopped:')),
      'the program stopped at its debugger statement',
    );
    assert.strictEqual(d.state, 'snapshot');
    const rows = goroutineRows(d);
    const consumers = rows.filter((r) => r.label.includes('"consumer"'));
    for (const r of consumers) assert.match(r.description, /^chan receive(, \d+s)? · on chan \d+$/);
    const producer = rows.find((r) => r.label.includes('"producer"'));
    assert.ok(producer, 'the producer is listed');
    assert.match(producer.description, /^chan send/);
    assert.strictEqual(d.goroutines[0]?.label, 'main thread');
    assert.match(d.goroutines[0]!.description, /^5 goroutines, 4 waiting$/);

    // Channels: the unbuffered one with 3 receivers, the full buffer with 1 sender.
    const chans = d.channels.filter((r) => r.kind === 'channel');
    assert.strictEqual(chans.length, 2);
    assert.match(chans[0]!.description, /^0\/0, 3 receiving · blocked\.ts:5$/);
    assert.match(chans[1]!.description, /^1\/1, 1 sending · blocked\.ts:12$/);
    const receivers = chans[0]!.children!.find((r) => r.label === 'waiting to receive')!;
    assert.strictEqual(receivers.children!.length, 3);
    // A waiting goroutine's row leads to where it is parked: the `for await` of the consumer.
    const consumer = consumers[0]!;
    const parked = consumer.children!.find((r) => r.label === 'parked at');
    assert.ok(
      parked?.children?.some((f) => /blocked\.ts:8$/.test(f.description)),
      JSON.stringify(consumer),
    );

    // Clicking a goroutine opens its park site.
    assert.strictEqual(consumer.command?.command, 'goroutines.inspector.openFrame');
    await vscode.commands.executeCommand(consumer.command.command, ...consumer.command.arguments);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.fsPath.endsWith(path.join('inspector', 'blocked.ts')));
    assert.strictEqual(editor.selection.active.line + 1, 8);

    // Clicking a channel's waiter reveals the goroutine in the Goroutines view.
    const ref = receivers.children![0]!;
    await vscode.commands.executeCommand(ref.command!.command, ...ref.command!.arguments);
    const afterReveal = await describe();
    assert.deepStrictEqual(
      afterReveal.selection.map((k) => k.replace(/.*\/g/, '')),
      [String(ref.command!.arguments[0])],
    );

    // Grouping by park site: the three consumers are one row with a count.
    await cmd('groupBySite');
    const grouped = await describe();
    const group = grouped.goroutines.find(
      (r) => r.kind === 'parkGroup' && r.label.startsWith('3 × chan receive'),
    );
    assert.ok(group, JSON.stringify(grouped.goroutines));
    assert.match(group.description, /blocked\.ts:8\)$/);

    // The parent/child tree: goroutine 1 started the consumers and the producer.
    await cmd('groupByParent');
    const tree = await describe();
    assert.strictEqual(tree.goroutines.length, 1, JSON.stringify(tree.goroutines.map((r) => r.label)));
    assert.match(tree.goroutines[0]!.label, /^goroutine 1$/);
    assert.deepStrictEqual(
      tree.goroutines[0]!.children!.filter((r) => r.kind === 'goroutine').map((r) =>
        r.label.replace(/^goroutine \d+ /, ''),
      ),
      ['"consumer"', '"consumer"', '"consumer"', '"producer"'],
    );

    // Filter by text and by state.
    await cmd('groupByThread');
    await cmd('filter', 'producer');
    let filtered = goroutineRows(await describe());
    assert.deepStrictEqual(
      filtered.map((r) => r.label.replace(/^goroutine \d+ /, '')),
      ['"producer"'],
    );
    await cmd('filter', 'state:running');
    filtered = goroutineRows(await describe());
    assert.ok(
      filtered.length >= 1 && filtered.every((r) => /^running/.test(r.description)),
      JSON.stringify(filtered),
    );
    await cmd('clearFilter');

    // Copy one goroutine's stack, in Go's format.
    const id = Number(String(ref.command!.arguments[0]));
    const text = await cmd<string>('copyStack', id);
    assert.match(text, new RegExp(`^goroutine ${id} "consumer" \\[chan receive\\]:\\n`));
    assert.match(text, /\tblocked\.ts|\t.*[/\\]inspector[/\\]blocked\.ts:8\n/);
    assert.strictEqual(await vscode.env.clipboard.readText(), text);

    // Save the dump: the program's own Go-format dump.
    const target = vscode.Uri.file(path.join(os.tmpdir(), `inspector-e2e-${process.pid}.goroutines`));
    const saved = await cmd<vscode.Uri>('saveDump', target);
    assert.strictEqual(saved?.fsPath, target.fsPath);
    const dump = fs.readFileSync(target.fsPath, 'utf8');
    fs.rmSync(target.fsPath);
    assert.match(dump, /^goroutine \d+ "producer" \[chan send\]:$/m);
    assert.strictEqual(dump.match(/^goroutine \d+ "consumer" \[chan receive\]:$/gm)?.length, 3);
  });

  test('lock-order inversion: locks, the detected problems, and the wait-for graph with its cycle', async () => {
    await debug(fixture('lockorder.ts'));
    const d = await until(
      (x) =>
        x.problems.some((r) => r.label === 'lock-order inversion') &&
        x.problems.some((r) => r.label === 'deadlock'),
      'lock-order inversion and deadlock problems',
    );
    const locks = d.locks.filter((r) => r.kind === 'lock');
    assert.strictEqual(locks.length, 2);
    for (const l of locks) {
      assert.match(l.label, /^Mutex \d+$/);
      assert.match(l.description, /^held by \d+, 1 waiting · lockorder\.ts:[67]$/);
    }
    const pay = goroutineRows(d).find((r) => r.label.endsWith('"pay"'))!;
    assert.match(pay.description, /^sync\.Mutex\.Lock(, \d+s)? · on Mutex \d+$/);
    const deadlock = d.problems.find((r) => r.label === 'deadlock')!;
    assert.match(
      deadlock.description,
      /^goroutines \d+, \d+ wait for each other: Mutex \d+ held by goroutine \d+, Mutex \d+ held by goroutine \d+$/,
    );
    assert.deepStrictEqual(
      deadlock
        .children!.filter((r) => r.kind === 'ref')
        .map((r) => r.label.replace(/^goroutine \d+ /, ''))
        .sort(),
      ['"pay"', '"refund"'],
    );
    const inversion = d.problems.find((r) => r.label === 'lock-order inversion')!;
    assert.match(inversion.description, /lock order inversion/);
    // The inversion leads to the goroutines' sites in the source.
    const site = flatten(inversion.children).find((r) => r.kind === 'frame');
    assert.ok(site?.command, JSON.stringify(inversion));
    await vscode.commands.executeCommand(site.command.command, ...site.command.arguments);
    assert.ok(vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('lockorder.ts'));

    // The graph: two goroutines and two locks in one highlighted cycle.
    await cmd('showGraph');
    const graph = await cmd<Graph>('waitForGraph', { highlighted: true });
    const ids = graph.nodes.map((n) => n.id).sort();
    assert.deepStrictEqual(graph.nodes.map((n) => n.kind).sort(), ['goroutine', 'goroutine', 'lock', 'lock']);
    assert.ok(
      graph.nodes.every((n) => n.placed),
      'elk placed every node',
    );
    assert.strictEqual(graph.cycles.length, 1);
    assert.deepStrictEqual([...graph.cycles[0]!].sort(), ids);
    assert.deepStrictEqual([...graph.highlighted].sort(), ids);
    assert.ok(graph.edges.length === 4 && graph.edges.every((e) => e.highlighted));

    // Live updates keep the zoom and the selection.
    await cmd('zoomGraph', 2);
    await cmd('selectGraphNode', ids[0]);
    const before = graph.takenAt;
    await cmd('refresh');
    const next = await cmd<Graph>('waitForGraph', { after: before });
    assert.ok(next.takenAt > before);
    assert.strictEqual(next.view.scale, 2);
    assert.strictEqual(next.selected, ids[0]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('goroutine leak: the runtime proves it and the Problems view shows it', async () => {
    await debug(fixture('leak.ts'));
    const d = await until((x) => x.problems.some((r) => r.label === 'goroutine leak'), 'a goroutine leak');
    const leak = d.problems.find((r) => r.label === 'goroutine leak')!;
    assert.match(leak.description, /^goroutine \d+ leaked in chan receive/);
    const who = leak.children!.find((r) => r.kind === 'ref')!;
    assert.match(who.label, /"watcher"$/);
    assert.ok(flatten(who.children).some((r) => /leak\.ts:\d+$/.test(r.description)));
  });

  test('a whole-program deadlock stops the debug run with every goroutine in place', async () => {
    await debug(fixture('deadlock.ts'));
    const d = await until(
      (x) => x.problems.some((r) => r.label === 'deadlock'),
      'the deadlock among the problems at the stop',
    );
    const deadlock = d.problems.find((r) => r.label === 'deadlock')!;
    assert.strictEqual(deadlock.children!.filter((r) => r.kind === 'ref').length, 3);
    const reasons = goroutineRows(d).map((r) => r.description.replace(/( ·|,).*$/, ''));
    assert.deepStrictEqual(reasons.sort(), ['chan receive', 'chan receive', 'sync.WaitGroup.Wait']);

    // The graph, as the page drew it: the three goroutines, the channel the workers wait on and the
    // WaitGroup main waits on, all in the error colour, with the waits between them.
    const members = deadlock
      .children!.filter((r) => r.kind === 'ref')
      .map((r) => `g${String(r.command!.arguments[0])}`)
      .sort();
    await cmd('showGraph');
    const graph = await graphUntil(
      (g) => members.every((id) => g.highlighted.includes(id)),
      'the deadlocked goroutines highlighted in the graph',
    );
    assert.ok(
      graph.nodes.every((n) => n.placed),
      'elk placed every node',
    );
    const hot = graph.nodes.filter((n) => n.highlighted);
    assert.deepStrictEqual(hot.map((n) => n.id).sort(), [...graph.highlighted].sort());
    assert.deepStrictEqual(
      hot
        .filter((n) => n.kind === 'goroutine')
        .map((n) => n.id)
        .sort(),
      members,
    );
    assert.deepStrictEqual(
      hot
        .filter((n) => n.kind !== 'goroutine')
        .map((n) => n.label.replace(/\d+$/, 'N'))
        .sort(),
      ['WaitGroup N', 'chan N'],
    );
    // Nothing else is in the graph, and every wait in it is a wait of the deadlock.
    assert.strictEqual(graph.nodes.length, 5);
    assert.strictEqual(graph.edges.length, 3);
    assert.ok(
      graph.edges.every((e) => e.highlighted),
      JSON.stringify(graph.edges),
    );
  });

  test('goroutines stuck on channels only they reference, while main runs: found on request, in the Problems view and the graph', async () => {
    // Started without --expose-gc: the runtime reaches the collector by itself.
    await debug(fixture('stuck-pair.ts'), {}, ['--conditions=development', '--import', 'tsx']);
    const before = await until((x) => {
      const names = goroutineRows(x).map((r) => r.label);
      return names.some((l) => l.endsWith('"pinger"')) && names.some((l) => l.endsWith('"ponger"'));
    }, 'the pair parked');
    const pair = goroutineRows(before)
      .filter((r) => /"p[io]nger"$/.test(r.label))
      .map((r) => Number(/^goroutine (\d+)/.exec(r.label)![1]))
      .sort((a, b) => a - b);
    // Leaks the collector happened to prove before the search (it may run at any time).
    const already = flatten(before.problems)
      .filter((r) => r.kind === 'ref')
      .map((r) => Number(r.command!.arguments[0]));

    const t0 = Date.now();
    const outcome = await cmd<{
      kind: string;
      answer: { enabled: boolean; done: boolean; leaked: number[] };
    }>('findLeaks');
    console.log(
      `inspector: leak search ${Date.now() - t0} ms, ${outcome.answer.leaked.length} found by it, ${already.length} before it`,
    );
    assert.strictEqual(outcome.kind, 'done', JSON.stringify(outcome));
    assert.ok(outcome.answer.enabled);
    assert.deepStrictEqual(
      [...outcome.answer.leaked].sort((a, b) => a - b),
      pair.filter((id) => !already.includes(id)),
    );

    const d = await until(
      (x) => x.problems.filter((r) => r.label === 'goroutine leak').length === 2,
      'two goroutine leaks in the Problems view',
    );
    // Main still runs (it sleeps between ticks): this is no whole-program deadlock.
    assert.ok(!d.problems.some((r) => r.label === 'deadlock'));
    const main = goroutineRows(d).find((r) => /^goroutine 1\b/.test(r.label));
    assert.ok(main && /^(sleep|running|runnable)/.test(main.description), JSON.stringify(main));
    const sites: Record<string, [number, number]> = { pinger: [10, 9], ponger: [14, 13] };
    for (const leak of d.problems.filter((r) => r.label === 'goroutine leak')) {
      assert.match(leak.description, /^goroutine \d+ leaked in chan receive/);
      const who = leak.children!.find((r) => r.kind === 'ref')!;
      const name = /"(p[io]nger)"$/.exec(who.label)![1]!;
      const [parked, created] = sites[name]!;
      // The goroutine leads to where it parked, the next row to where it was created.
      assert.ok(
        (who.children ?? []).some((r) => r.kind === 'frame' && r.description === `stuck-pair.ts:${parked}`),
        JSON.stringify(who),
      );
      const creation = leak.children!.find((r) => r.label === 'created at');
      assert.ok(
        (creation?.children ?? []).some(
          (r) => r.kind === 'frame' && r.description === `stuck-pair.ts:${created}`,
        ),
        JSON.stringify(leak),
      );
      const frame = who.children!.find((r) => r.description === `stuck-pair.ts:${parked}`)!;
      await vscode.commands.executeCommand(frame.command!.command, ...frame.command!.arguments);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor && editor.document.uri.fsPath.endsWith('stuck-pair.ts'));
      assert.strictEqual(editor.selection.active.line + 1, parked);
    }

    // The graph: both goroutines, each on its own and in the error colour, saying what they leaked in.
    await cmd('showGraph');
    const ids = pair.map((id) => `g${id}`);
    const graph = await graphUntil(
      (g) => ids.every((id) => g.highlighted.includes(id)),
      'the leaked pair highlighted',
    );
    for (const id of ids) {
      const node = graph.nodes.find((n) => n.id === id)!;
      assert.strictEqual(node.kind, 'goroutine');
      assert.ok(node.placed && node.highlighted);
      assert.strictEqual(node.detail, 'leaked in chan receive');
    }
  });

  test('worker-thread goroutines are listed under their thread', async () => {
    await debug(fixture('workers.ts'));
    const d = await until((x) => {
      const threads = x.goroutines.filter((r) => r.kind === 'thread' && r.label.startsWith('worker thread'));
      return threads.length === 2 && threads.every((t) => /^1 goroutine, 1 waiting$/.test(t.description));
    }, 'two worker threads, a goroutine waiting in each');
    const workers = d.goroutines.filter((r) => r.label.startsWith('worker thread'));
    for (const w of workers) {
      const gs = (w.children ?? []).filter((r) => r.kind === 'goroutine');
      assert.strictEqual(gs.length, 1);
      assert.match(gs[0]!.label, /"waitForJobs"$/);
      assert.match(gs[0]!.description, /^chan receive/);
    }
    const main = d.goroutines.find((r) => r.label === 'main thread')!;
    assert.ok(main.children!.some((r) => r.label.endsWith('"local"') && /^chan receive/.test(r.description)));
  });

  test('a program without the runtime gets a message, not a view', async () => {
    await debug(fixture('plain.ts'));
    const d = await until((x) => x.state === 'error', 'a message', 20000);
    assert.match(d.message ?? '', /must import the goroutines runtime and run with GOROUTINES_DEBUG=1$/);
    assert.deepStrictEqual(
      d.goroutines.map((r) => [r.kind, r.label]),
      [['message', d.message]],
    );
  });

  test('10,000 goroutines: grouping, live updates and pausing them, paging to all of them whole', async () => {
    const out = path.join(os.tmpdir(), `inspector-busy-${process.pid}.txt`);
    fs.writeFileSync(out, '');
    const rounds = (): number[] => fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map(Number);
    const fetches = async (): Promise<number> => (await describe(1)).fetches;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    try {
      await debug(fixture('many.ts'), { GOROUTINE_COUNT: '10000', BUSY_OUT: out });
      let d = await until(
        (x) => (x.totals?.waiting ?? 0) >= 11000 && rounds().length > 0,
        'all goroutines parked',
        60000,
      );
      // One page listed; the runtime's groups count every goroutine.
      assert.ok(d.goroutines.some((r) => r.kind === 'more'));
      await cmd('groupBySite');
      d = await describe(1);
      const counts = d.goroutines.filter((r) => r.kind === 'runtimeGroup').map((r) => r.label);
      assert.ok(
        counts.some((c) => /^10000 × chan receive/.test(c)),
        counts.join('; '),
      );
      assert.ok(
        counts.some((c) => /^1000 × sleep/.test(c)),
        counts.join('; '),
      );

      // Live: no refresh from here; the visible views fetch by themselves, at least five times the
      // last fetch's duration apart.
      const span = Math.min(20000, Math.max(5000, 12 * (d.fetchMs ?? 0)));
      const liveStart = rounds().length;
      const before = await fetches();
      await sleep(span);
      const live = rounds().slice(liveStart);
      const liveFetches = (await fetches()) - before;
      const pageMs = (await describe(1)).fetchMs;
      assert.ok(
        liveFetches >= 1,
        `live updates fetched ${liveFetches} times in ${span} ms; ${(await describe(1)).trace.slice(-10).join('\n')}`,
      );
      await cmd('pauseLive');
      await sleep(500);
      const pausedStart = rounds().length;
      const pausedBefore = await fetches();
      await sleep(span);
      const paused = rounds().slice(pausedStart);
      assert.strictEqual((await fetches()) - pausedBefore, 0, 'no fetch while paused');
      assert.ok(live.length > 0 && paused.length > 0, `rounds: ${live.length} live, ${paused.length} paused`);

      // The graph: one page lists 500 goroutines, the channel lists all 10,000 receivers; they are
      // groups with counts (by park site where the page says it), not 10,000 nodes.
      await cmd('showGraph');
      const receivers = (g: Graph) =>
        g.nodes.filter((n) => n.kind === 'group' && /^\d+ × chan receive$/.test(n.label));
      // Every receiver is counted: in a group, or (a park site of its own) as a node.
      const counted = (g: Graph) =>
        receivers(g).reduce((n, x) => n + Number(x.label.split(' ')[0]), 0) +
        g.nodes.filter((n) => n.kind === 'goroutine' && n.label.endsWith('"receiver"')).length;
      const paged = await graphUntil((g) => counted(g) === 10000, 'the receivers counted in groups', 60000);
      assert.ok(paged.nodes.length < 50, `${paged.nodes.length} nodes`);
      assert.ok(paged.nodes.every((n) => n.placed));
      assert.ok(
        receivers(paged).some((n) => n.detail === 'at many.ts:12'),
        JSON.stringify(receivers(paged)),
      );
      assert.ok(
        paged.grouped >= 10000 && paged.goroutines >= 10000,
        `${paged.grouped} of ${paged.goroutines}`,
      );
      await cmd('closeGraph');

      // Every goroutine listed: the answer (several MB of JSON) arrives whole and validates.
      const t0 = Date.now();
      await cmd('showMore', 20000);
      const fetched = Date.now() - t0;
      const t1 = Date.now();
      d = await describe(3);
      const rendered = Date.now() - t1;
      assert.strictEqual(d.state, 'snapshot', d.message);
      assert.ok(!d.goroutines.some((r) => r.kind === 'more'), 'every goroutine listed');
      // Creation sites are sampled, so a group can split in two: the receivers' counts still add up.
      await cmd('filter', 'receiver');
      const receiving = (await describe(1)).goroutines.filter((r) => r.kind === 'parkGroup');
      assert.ok(
        receiving.every((r) => / × chan receive/.test(r.label)),
        receiving.map((r) => r.label).join('; '),
      );
      assert.strictEqual(
        receiving.reduce((n, r) => n + Number(r.label.split(' ')[0]), 0),
        10000,
        receiving.map((r) => r.label).join('; '),
      );
      // With every goroutine listed, the graph has the receivers as one group, by park site.
      await cmd('showGraph');
      const whole = await graphUntil(
        (g) => g.takenAt >= (d.graph?.takenAt ?? 0) && receivers(g).length === 1,
        'the receivers as one group',
        60000,
      );
      const group = receivers(whole)[0]!;
      assert.strictEqual(`${group.label} ${group.detail}`, '10000 × chan receive at many.ts:12');
      assert.match(whole.status, /\d+ goroutines, \d+ of them in groups/);
      console.log(
        `inspector graph: ${whole.goroutines} goroutines as ${whole.nodes.length} nodes; model ${whole.buildMs} ms ` +
          `(page of 500: ${paged.buildMs} ms, ${paged.nodes.length} nodes), layout and drawing ${whole.drawMs} ms ` +
          `(page of 500: ${paged.drawMs} ms)`,
      );
      console.log(
        `inspector: 11,003 goroutines: page of 500 ${pageMs} ms; all listed: fetch ${fetched} ms ` +
          `(source ${d.fetchMs} ms), rows ${rendered} ms; 2,000 ping-pongs a round: ${mean(live).toFixed(0)} ms ` +
          `live (${liveFetches} fetches in ${span} ms) vs ${mean(paused).toFixed(0)} ms paused`,
      );
    } finally {
      await cmd('resumeLive');
      fs.rmSync(out, { force: true });
    }
  });
});
