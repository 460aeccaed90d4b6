// Recursive read locking deadlocks as soon as a writer waits between the two rlock() calls.
import type { Check } from '../check.js';
import { lineOf } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR3103',
    name: 'recursive-rlock',
    title: 'rw.rlock() while this goroutine already holds a read lock',
    severity: 'warning',
    doc: {
      why: 'As in Go, a blocked lock() keeps new readers out. If a writer arrives between the first and the second rlock(), the second waits for the writer, which waits for the first: deadlock. It works in tests and hangs under load.',
      wrong: `await rw.rlock();
try {
  const v = await this.lookup(key); // lookup() calls rw.rlock() again
} finally {
  rw.runlock();
}`,
      right: `await rw.rlock();
try {
  const v = this.lookupLocked(key); // expects the read lock held
} finally {
  rw.runlock();
}`,
      whenNotToUse: 'When no writer can ever take the lock while the reader holds it.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      // a read lock can be held only where the function takes one
      if (!op.fn.ops.some((o) => o.kind === 'rlock' && o.use === 'await')) continue;
      if (op.kind === 'rlock' && op.use === 'await') {
        const held = ctx.flow
          .heldBefore(op)
          .find((h) => h.resource.key === op.target?.key && h.mode === 'rlock');
        if (held)
          ctx.report({
            node: op.node,
            message: `${held.resource.text}.rlock() while this goroutine holds a read lock since line ${lineOf(held.op.node)}: deadlocks when a writer is waiting`,
            related: [{ node: held.op.node, message: 'first read lock' }],
          });
      } else if (op.kind === 'call' && op.callee) {
        const heldNow = ctx.flow.heldBefore(op).filter((h) => h.mode === 'rlock');
        if (!heldNow.length) continue;
        for (const a of ctx.flow.summary(op.callee).acquires) {
          if (a.mode !== 'rlock') continue;
          const r = ctx.flow.mapToCaller(a.resource, op);
          const held = r && heldNow.find((h) => h.resource.key === r.key);
          if (!held) continue;
          ctx.report({
            node: op.node,
            message: `${op.node.getText().split('(')[0]}() takes ${held.resource.text}.rlock() (line ${lineOf(a.op.node)}) while this goroutine holds a read lock since line ${lineOf(held.op.node)}: deadlocks when a writer is waiting`,
            related: [
              { node: held.op.node, message: 'first read lock' },
              { node: a.op.node, message: 'second read lock' },
            ],
          });
          break;
        }
      }
    }
  },
};
