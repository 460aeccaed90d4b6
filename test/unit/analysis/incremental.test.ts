// Edits applied one after another to a Workspace (incremental re-parse, facts of untouched functions
// carried over, callee resolutions and escape answers kept) leave it in the state a fresh Workspace
// reaches from the final texts: the same facts, control-flow graphs and findings of every check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { Flow, Workspace, type Resource } from '../../../server/src/analysis/index.js';

import { checkFile } from '../../../server/src/checks/run.js';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'virtual');
const MAIN = join(dir, 'main.ts');
const LIB = join(dir, 'lib.ts');

const LIB_TEXT = `import { chan, go, type Chan } from 'goroutines';

export function relay(src: Chan<number>, dst: Chan<number>): void {
  go(async () => {
    for await (const v of src) await dst.send(v);
    dst.close();
  });
}

export async function fetchAll(n: number): Promise<number> {
  if (n < 0) throw new Error('negative');
  return n;
}

export function source(): Chan<number> {
  return chan<number>(1);
}
`;

const MAIN_TEXT = `import { chan, go, select, recv, after, Mutex, WaitGroup, type Chan } from 'goroutines';
import { relay, fetchAll, source } from './lib.js';

const shared = chan<number>();

export class Account {
  private readonly mu = new Mutex();
  private balance = 0;

  async deposit(n: number): Promise<void> {
    await this.mu.lock();
    this.balance += await fetchAll(n);
    this.mu.unlock();
  }

  async withdraw(n: number): Promise<boolean> {
    await this.mu.lock();
    if (this.balance < n) return false;
    this.balance -= n;
    this.mu.unlock();
    return true;
  }
}

export async function pipeline(n: number): Promise<number> {
  const a = chan<number>();
  const b = chan<number>(1);
  relay(a, b);
  go(async () => {
    for (let i = 0; i < n; i++) await a.send(i);
    a.close();
  });
  let sum = 0;
  for await (const v of b) sum += v;
  return sum;
}

export async function crawl(urls: string[]): Promise<number[]> {
  const wg = new WaitGroup();
  const out: number[] = [];
  for (const url of urls) {
    wg.add(1);
    go(async () => {
      out.push(await fetchAll(url.length));
      wg.done();
    });
  }
  await wg.wait();
  return out;
}

export async function first(ms: number): Promise<number | undefined> {
  const result = chan<number>();
  const started = Date.now();
  void started;
  go(async () => {
    await shared.send(await produce());
  });
  go(async () => {
    await result.send(1);
  });
  return select(
    recv(result, (v) => v),
    recv(after(ms), () => undefined),
  );
}

export async function produce(): Promise<number> {
  await shared.send(1);
  return 1;
}

export function drain(ch: Chan<number>) {
  go(async () => {
    for await (const v of ch) void v;
  });
  return source();
}
`;

const at = (n: { getSourceFile(): { fileName: string }; getStart(): number } | undefined) =>
  n ? `${n.getSourceFile().fileName.slice(dir.length)}@${n.getStart()}` : '-';
const res = (r: Resource | null | undefined) =>
  r === undefined
    ? 'u'
    : r === null
      ? 'null'
      : [r.key.replace(dir, ''), r.text, r.type, at(r.decl), r.paramIndex];

/** Everything the checks read of a file's facts, and the findings of every check. */
function state(ws: Workspace, file: string): string {
  const f = ws.factsOf(file)!;
  return JSON.stringify({
    functions: f.functions.map((x) => [
      x.name,
      at(x.node),
      x.parent ? at(x.parent.node) : '-',
      x.spawnedBy.map((o) => at(o.node)),
      x.cfg.nodes.map((n) => [n.kind, n.throwsAt ? at(n.throwsAt) : '']),
    ]),
    ops: f.ops.map((o) => [
      o.kind,
      o.name,
      at(o.node),
      res(o.target),
      o.use,
      o.loops.map(at),
      at(o.fn.node),
      at(o.spawned),
      at(o.callee),
      o.capacity,
      o.delta,
      o.implicit,
      o.guarded,
      (o.cases ?? []).map((c) => [c.kind, at(c.call), res(c.channel)]),
      (o.binds ?? []).map(res),
    ]),
    findings: checkFile(ws, file, { flow: new Flow(ws) }).map((x) => [
      x.checkId,
      x.start,
      x.end,
      x.message,
      x.related.map((r) => [r.fileName.slice(dir.length), r.start, r.message]),
    ]),
  });
}

// a deterministic pseudo-random sequence (the same edits on every run)
let seed = 20261122;
const random = (n: number) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed >>> 8) % n;
};
const INSERTS = [
  ' ',
  'x',
  '1',
  '\n',
  ';',
  '}',
  '{',
  '(',
  'const q = 1;',
  'return 0;',
  'await a.send(1);',
  'a.close();',
  'throw new Error();',
  'this.mu.unlock();',
  'wg.done();',
  'const a = chan<number>();',
];

test('edits one after another give the facts and findings of a fresh workspace', () => {
  const texts = new Map([
    [MAIN, MAIN_TEXT],
    [LIB, LIB_TEXT],
  ]);
  const ws = new Workspace();
  for (const [f, t] of texts) ws.setText(f, t);
  state(ws, MAIN);
  let compared = 0;
  for (let step = 0; step < 14; step++) {
    // one to three edits, mostly in the main file, before the next analysis
    for (let e = 1 + random(3); e > 0; e--) {
      const file = random(5) === 0 ? LIB : MAIN;
      const text = texts.get(file)!;
      const pos = random(text.length);
      const del = random(3) === 0 ? random(4) : 0;
      const next = text.slice(0, pos) + INSERTS[random(INSERTS.length)] + text.slice(pos + del);
      texts.set(file, next);
      ws.setText(file, next);
    }
    const fresh = new Workspace();
    for (const [f, t] of texts) fresh.setText(f, t);
    for (const f of [MAIN, LIB]) assert.equal(state(ws, f), state(fresh, f), `step ${step}, ${f}`);
    compared++;
    // back to the original texts now and then, so that later edits meet well-formed code
    if (random(3) === 0) {
      for (const [f, t] of [
        [MAIN, MAIN_TEXT],
        [LIB, LIB_TEXT],
      ] as const) {
        texts.set(f, t);
        ws.setText(f, t);
      }
      state(ws, MAIN);
    }
  }
  assert.equal(compared, 14);
});

test('typing inside a function body carries the other functions over and stays exact', () => {
  const ws = new Workspace();
  ws.setText(LIB, LIB_TEXT);
  let text = MAIN_TEXT;
  ws.setText(MAIN, text);
  const before = ws.factsOf(MAIN)!;
  const withdraw = before.functions.find((f) => f.name === 'Account.withdraw')!;
  // type a statement into crawl(), one character at a time, analysing after each
  for (const ch of 'const k = urls.length;\n    ') {
    const i = text.indexOf('wg.add(1);');
    text = text.slice(0, i) + ch + text.slice(i);
    ws.setText(MAIN, text);
    state(ws, MAIN);
  }
  const after = ws.factsOf(MAIN)!;
  // an untouched method keeps its syntax tree, and its ops are the earlier ones, moved
  const kept = after.functions.find((f) => f.name === 'Account.withdraw')!;
  assert.equal(kept.node, withdraw.node);
  assert.deepEqual(
    kept.ops.map((o) => o.target?.key),
    withdraw.ops.map((o) => o.target?.key),
  );
  // a declaration added to a body shadows, for the goroutine further down that body, a function
  // of the module: the goroutine's syntax tree is reused, but its call resolves elsewhere now
  const produceCall = () =>
    ws
      .factsOf(MAIN)!
      .ops.find((o) => ts.isCallExpression(o.node) && o.node.expression.getText() === 'produce')!;
  const goroutine = produceCall().fn.node;
  const i = text.indexOf('  const result = chan<number>();');
  text = `${text.slice(0, i)}  const produce = async (): Promise<number> => 2;\n${text.slice(i)}`;
  ws.setText(MAIN, text);
  const call = produceCall();
  assert.equal(call.fn.node, goroutine, 'the goroutine keeps its syntax tree');
  assert.ok(call.callee && ts.isArrowFunction(call.callee), 'the call resolves to the local function');
  const fresh = new Workspace();
  fresh.setText(LIB, LIB_TEXT);
  fresh.setText(MAIN, text);
  assert.equal(state(ws, MAIN), state(fresh, MAIN));
  assert.equal(state(ws, LIB), state(fresh, LIB));
});

test("a function that returns no value: edits of its body give a fresh workspace's facts, also once a return gives it one", () => {
  const text0 = `import { chan, go, type Chan } from 'goroutines';

export function start(ch: Chan<number>) {
  go(async () => {
    await ch.send(1);
  });
}

export async function caller() {
  const src = chan<number>();
  const c = start(src);
  await c.send(2);
  await src.recv();
}
`;
  const ws = new Workspace();
  ws.setText(MAIN, text0);
  state(ws, MAIN);
  const sendsIn = (w: Workspace) =>
    w
      .factsOf(MAIN)!
      .ops.filter((o) => o.kind === 'send' && o.fn.name === 'caller')
      .map((o) => o.target?.text);
  // c is void: its send is no runtime operation
  assert.deepEqual(sendsIn(ws), []);
  // typing inside start(), which still returns nothing
  let text = text0;
  for (const ch of 'console.log(ch.length);\n  ') {
    const i = text.indexOf('go(async');
    text = text.slice(0, i) + ch + text.slice(i);
    ws.setText(MAIN, text);
    state(ws, MAIN);
  }
  const fresh1 = new Workspace();
  fresh1.setText(MAIN, text);
  assert.equal(state(ws, MAIN), state(fresh1, MAIN));
  // start() now returns the channel: caller's c is a Chan, and its send is an operation
  const i = text.indexOf('\n}\n\nexport async function caller');
  text = `${text.slice(0, i)}\n  return ch;${text.slice(i)}`;
  ws.setText(MAIN, text);
  assert.deepEqual(sendsIn(ws), ['c']);
  const fresh2 = new Workspace();
  fresh2.setText(MAIN, text);
  assert.equal(state(ws, MAIN), state(fresh2, MAIN));
});
