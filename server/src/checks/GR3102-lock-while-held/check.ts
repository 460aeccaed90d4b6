// Locking a mutex this goroutine already holds deadlocks: Go's mutexes are not reentrant.
import type { FunctionFacts, Held, Op } from '../../analysis/index.js';
import type { Check } from '../check.js';
import { lineOf } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR3102',
    name: 'lock-while-held',
    title: 'A mutex is locked again by the goroutine holding it',
    severity: 'error',
    doc: {
      why: 'Mutex and RWMutex are not reentrant, as in Go: a goroutine that calls lock() while it already holds the lock waits for itself forever. This includes calling a function that takes the same lock.',
      wrong: `async refresh() {
  await this.mu.lock();
  try { await this.reload(); } finally { this.mu.unlock(); }
}
async reload() {
  await this.mu.lock(); // deadlock when called from refresh()
  …
}`,
      right: `async refresh() {
  await this.mu.lock();
  try { await this.reloadLocked(); } finally { this.mu.unlock(); }
}
// reloadLocked expects this.mu to be held by the caller
async reloadLocked() { … }`,
      whenNotToUse:
        'Never: a second lock() by the holder always deadlocks. If the finding is wrong, the lock was released on a path the checker did not see.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.use !== 'await' && op.kind !== 'call') continue;
      // nothing is held where the function takes no lock (held locks start empty at entry)
      if (!locking(op.fn)) continue;
      if (op.kind === 'lock' || op.kind === 'rlock') {
        const mode = op.kind;
        const held = ctx.flow
          .heldBefore(op)
          .find((h) => h.resource.key === op.target?.key && conflicts(h, mode));
        if (held) report(ctx, op, held, mode, []);
      } else if (op.kind === 'call' && op.callee) {
        const heldNow = ctx.flow.heldBefore(op);
        if (!heldNow.length) continue;
        const summary = ctx.flow.summary(op.callee);
        for (const a of summary.acquires) {
          const r = ctx.flow.mapToCaller(a.resource, op);
          const held = r && heldNow.find((h) => h.resource.key === r.key && conflicts(h, a.mode));
          if (held) {
            report(ctx, op, held, a.mode, [a.op, ...a.via]);
            break;
          }
        }
      }
    }
  },
};

const lockingCache = new WeakMap<FunctionFacts, boolean>();

function locking(fn: FunctionFacts): boolean {
  let r = lockingCache.get(fn);
  if (r === undefined)
    lockingCache.set(
      fn,
      (r = fn.ops.some((o) => (o.kind === 'lock' || o.kind === 'rlock') && o.use === 'await')),
    );
  return r;
}

/** A held write lock blocks any lock; a held read lock blocks a write lock (read-after-read is GR3103). */
function conflicts(h: Held, want: 'lock' | 'rlock'): boolean {
  return h.mode === 'lock' || want === 'lock';
}

function report(
  ctx: Parameters<Check['run']>[0],
  op: Op,
  held: Held,
  mode: 'lock' | 'rlock',
  chain: Op[],
): void {
  const name = held.resource.text;
  const heldHow = held.mode === 'lock' ? `${name}.lock()` : `${name}.rlock()`;
  const message = chain.length
    ? `${op.node.getText().split('(')[0]}() takes ${name} (line ${lineOf(chain[0]!.node)}) while this goroutine holds it since line ${lineOf(held.op.node)}: deadlock`
    : `${name}.${mode}() while this goroutine holds ${heldHow} (line ${lineOf(held.op.node)}): deadlock`;
  ctx.report({
    node: op.node,
    message,
    related: [
      { node: held.op.node, message: `${name} taken here` },
      ...(chain.length ? [{ node: chain[0]!.node, message: `${name} taken again here` }] : []),
    ],
  });
}
