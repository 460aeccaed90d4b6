// The analysis engine: the runtime recognised by resolved symbol (aliases, namespaces, re-exports,
// fields, parameters, closures), the cheap pre-filter, control flow through finally/using/break,
// lock state, summaries through calls, and incremental updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Flow,
  Workspace,
  findEscape,
  type CfgNode,
  type FileFacts,
} from '../../../server/src/analysis/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'engine-virtual');
const ws = new Workspace({ log: (m) => assert.fail(m) });
const file = (name: string, text: string): FileFacts => {
  ws.setText(join(dir, name), text);
  return ws.factsOf(join(dir, name))!;
};
const kinds = (f: FileFacts) => f.ops.map((o) => `${o.kind}${o.target ? ':' + o.target.text : ''}`);

test('a file that does not import the runtime gets no facts and no type work', () => {
  const f = file('plain.ts', 'export function add(a: number, b: number) { return a + b; }\n');
  assert.equal(f.usesRuntime, false);
  assert.deepEqual(f.ops, []);
});

test('aliased and namespace imports resolve to the runtime names', () => {
  const f = file(
    'alias.ts',
    `import { chan as make, go as spawn, WaitGroup as Group } from 'goroutines';
import * as g from 'goroutines';
export async function main() {
  const ch = make<number>(2);
  const wg = new Group();
  wg.add(1);
  spawn(async () => { await ch.send(1); wg.done(); });
  const mu = new g.Mutex();
  await mu.lock();
  mu.unlock();
  const [ctx, cancel] = g.context.withCancel(g.context.background());
  await g.select(g.recv(ctx.done()), g.otherwise(() => {}));
  cancel();
  await wg.wait();
}
`,
  );
  assert.deepEqual(kinds(f), [
    'make:ch',
    'new:wg',
    'wgAdd:wg',
    'spawn',
    'send:ch',
    'wgDone:wg',
    'new:mu',
    'lock:mu',
    'unlock:mu',
    'withCancel',
    'select',
    'ctxDone:ctx',
    'cancel:cancel',
    'wgWait:wg',
  ]);
  const make = f.ops[0]!;
  assert.equal(make.capacity, 2);
  const spawn = f.ops.find((o) => o.kind === 'spawn')!;
  assert.equal(f.functions.find((fn) => fn.node === spawn.spawned)!.spawnedBy[0], spawn);
  assert.equal(
    f.ops
      .find((o) => o.kind === 'select')!
      .cases!.map((c) => c.kind)
      .join(),
    'recv,otherwise',
  );
});

test('a project module that re-exports the runtime is the runtime', () => {
  file('conc.ts', "export { chan as makeChan, Mutex } from 'goroutines';\n");
  const f = file(
    'user.ts',
    `import { makeChan, Mutex } from './conc.js';
export async function f() {
  const ch = makeChan<string>();
  const mu = new Mutex();
  await mu.lock();
  ch.close();
  mu.unlock();
}
`,
  );
  assert.equal(f.usesRuntime, true);
  assert.deepEqual(kinds(f), ['make:ch', 'new:mu', 'lock:mu', 'close:ch', 'unlock:mu']);
});

test('fields, parameters and closures carry their runtime type; one field is one resource across methods', () => {
  const f = file(
    'fields.ts',
    `import { Mutex, type Chan } from 'goroutines';
export class Store {
  private readonly mu = new Mutex();
  async a(out: Chan<number>) {
    await this.mu.lock();
    const send = () => out.send(1);
    await send();
    this.mu.unlock();
  }
  async b() {
    await this.mu.lock();
    this.mu.unlock();
  }
}
`,
  );
  const locks = f.ops.filter((o) => o.kind === 'lock');
  assert.equal(locks.length, 2);
  assert.equal(locks[0]!.target!.key, locks[1]!.target!.key);
  const send = f.ops.find((o) => o.kind === 'send')!;
  assert.equal(send.target!.type, 'Chan');
  assert.equal(send.fn.parent!.name, 'Store.a', 'the closure knows its enclosing function');
  assert.equal(f.ops.find((o) => o.kind === 'lock')!.use, 'await');
});

test('control flow: finally and using guards are on every path, a throw or early return escapes', () => {
  const f = file(
    'flow.ts',
    `import { Mutex } from 'goroutines';
declare function load(): Promise<number>;
const mu = new Mutex();
export async function inFinally(xs: number[]) {
  await mu.lock();
  try {
    for (const x of xs) {
      if (x < 0) return;
      if (x === 0) break;
      await load();
    }
  } finally {
    mu.unlock();
  }
}
export async function guarded() {
  using _ = await mu.lock();
  if (await load()) return 1;
  return 2;
}
export async function leaky() {
  await mu.lock();
  const n = await load();
  mu.unlock();
  return n;
}
`,
  );
  const flow = new Flow(ws);
  const escape = (name: string) => {
    const fn = f.functions.find((x) => x.name === name)!;
    const lock = fn.ops.find((o) => o.kind === 'lock')!;
    const stop = (n: CfgNode) => flow.opsAt(fn, n).some((o) => o.kind === 'unlock');
    return findEscape(fn.cfg, fn.nodeOfOp(lock)!, stop, { throws: true });
  };
  assert.equal(escape('inFinally'), undefined);
  assert.equal(escape('guarded'), undefined);
  const e = escape('leaky')!;
  assert.equal(e.via, 'throw');
  assert.match(e.throwsAt!.getText(), /load\(\)/);
});

test('locks held before an op, and summaries through calls', () => {
  const f = file(
    'summary.ts',
    `import { Mutex } from 'goroutines';
async function inner(m: Mutex) {
  await m.lock();
  m.unlock();
}
async function outer(m: Mutex) {
  await inner(m);
}
export async function main() {
  const mu = new Mutex();
  await mu.lock();
  await outer(mu);
  mu.unlock();
}
`,
  );
  const flow = new Flow(ws);
  const call = f.ops.find((o) => o.kind === 'call' && o.fn.name === 'main')!;
  assert.deepEqual(
    flow.heldBefore(call).map((h) => h.resource.text),
    ['mu'],
  );
  const acq = flow.summary(call.callee!).acquires;
  assert.equal(acq.length, 1);
  assert.equal(acq[0]!.via.length, 1, 'through inner()');
  assert.equal(flow.mapToCaller(acq[0]!.resource, call)!.text, 'mu');
});

test('an edit recomputes the edited file', () => {
  const a = file('edit.ts', "import { chan } from 'goroutines';\nexport const ch = chan<number>();\n");
  assert.equal(ws.factsOf(join(dir, 'edit.ts')), a, 'unchanged: cached');
  const b = file(
    'edit.ts',
    "import { chan } from 'goroutines';\nexport const ch = chan<number>(4);\nch.close();\n",
  );
  assert.notEqual(b, a);
  assert.deepEqual(kinds(b), ['make:ch', 'close:ch']);
  assert.equal(b.ops[0]!.capacity, 4);
});

test('broken input yields facts, not exceptions', () => {
  const f = file(
    'broken.ts',
    "import { chan, go } from 'goroutines';\nexport async function f( {\n  const ch = chan<number>(;\n  go(async () => { await ch.send(\n",
  );
  assert.equal(f.usesRuntime, true);
  for (const fn of f.functions) assert.ok(fn.cfg.nodes.length > 0);
});
