// unlock() of a mutex that is not locked panics: "sync: unlock of unlocked mutex".
import type { Op, StateSpec } from '../../analysis/index.js';
import type { Check } from '../check.js';
import { lineOf } from '../util.js';

/** Mutexes this function released and has not locked again since. */
const RELEASED: StateSpec<Op> = {
  id: 'released',
  gen: (op) =>
    (op.kind === 'unlock' || op.kind === 'runlock') && op.target
      ? { key: op.target.key, value: op }
      : undefined,
  kill: (op) =>
    ['lock', 'rlock', 'tryLock', 'tryRLock'].includes(op.kind) && op.target ? op.target.key : undefined,
};

export const check: Check = {
  meta: {
    id: 'GR3104',
    name: 'unlock-not-held',
    title: 'mu.unlock() of a mutex that is not held here',
    severity: 'error',
    doc: {
      why: 'Unlocking a mutex that is not locked panics with "sync: unlock of unlocked mutex" (and "sync: RUnlock of unlocked RWMutex" for read locks), typically after a second unlock on one path.',
      wrong: `await mu.lock();
try {
  if (done) { mu.unlock(); return; }
  work();
} finally {
  mu.unlock(); // second unlock when done
}`,
      right: `await mu.lock();
try {
  if (done) return;
  work();
} finally {
  mu.unlock();
}`,
      whenNotToUse:
        'When the function unlocks a mutex its caller locked, and it also locks that mutex itself on other paths.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if ((op.kind !== 'unlock' && op.kind !== 'runlock') || op.implicit || !op.target) continue;
      const key = op.target.key;
      // a function that never locks this mutex may be unlocking for its caller
      const locks = op.fn.ops.filter(
        (o) => ['lock', 'rlock', 'tryLock', 'tryRLock'].includes(o.kind) && o.target?.key === key,
      );
      if (!locks.length) continue;
      // an un-awaited lock() of a free mutex takes it at once (GR6001 reports the missing await)
      if (locks.some((o) => o.use !== 'await' || o.kind === 'tryLock' || o.kind === 'tryRLock')) continue;
      const earlier = ctx.flow.stateBefore(op, RELEASED, 'may').get(key);
      if (earlier) {
        ctx.report({
          node: op.node,
          message: `${op.target.text}.${op.kind}() after ${op.target.text}.${earlier.kind}() at line ${lineOf(earlier.node)} on some path: panics (sync: unlock of unlocked mutex)`,
          related: [{ node: earlier.node, message: 'first unlock' }],
        });
        continue;
      }
      if (ctx.flow.mayHoldBefore(op).some((h) => h.resource.key === key)) continue;
      ctx.report({
        node: op.node,
        message: `${op.target.text}.${op.kind}() but ${op.target.text} is not held here on any path: panics (sync: unlock of unlocked mutex)`,
      });
    }
  },
};
