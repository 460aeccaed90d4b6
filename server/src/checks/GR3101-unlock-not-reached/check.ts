// A lock taken in a function must be released on every path out of it, throws included.
import { ts } from 'ts-morph';
import { findEscape, type CfgNode, type Op } from '../../analysis/index.js';
import type { Check, Fix } from '../check.js';
import { notCalledMessage, ownStatement, statementInList, wrapInTryFinally } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR3101',
    name: 'unlock-not-reached',
    title: 'mu.unlock() is not reached on every path',
    severity: 'error',
    doc: {
      why: 'A return or a throw between lock() and unlock() leaves the mutex locked, and the next lock() waits forever. Go code says `defer mu.Unlock()`; in TypeScript that is try/finally, or `using _ = await mu.lock()`.',
      wrong: `await mu.lock();
const v = await load(key); // throws: mu stays locked
cache.set(key, v);
mu.unlock();`,
      right: `await mu.lock();
try {
  const v = await load(key);
  cache.set(key, v);
} finally {
  mu.unlock();
}`,
      whenNotToUse: 'When the function returns with the lock held on purpose and its caller unlocks.',
    },
  },
  run(ctx) {
    for (const fn of ctx.file.functions) {
      for (const lock of fn.ops) {
        if (
          (lock.kind !== 'lock' && lock.kind !== 'rlock') ||
          !lock.target ||
          lock.guarded ||
          lock.use !== 'await'
        )
          continue;
        const release = lock.kind === 'lock' ? 'unlock' : 'runlock';
        const key = lock.target.key;
        const unlocks = fn.ops.filter((o) => o.kind === release && o.target?.key === key);
        // no unlock at all in this function: a lock-and-return helper, not a forgotten path
        if (!unlocks.length) continue;
        // `cond ? mu.tryLock() : (await mu.lock(), true)`: which path holds the lock is a value, not a place
        if (!ownStatement(lock) && !isDeclarationInit(lock)) continue;
        const from = fn.nodeOfOp(lock);
        if (!from) continue;
        const stop = (n: CfgNode) =>
          ctx.flow.opsAt(fn, n).some((o) => o.kind === release && o.target?.key === key);
        const esc = findEscape(fn.cfg, from, stop, { throws: true });
        if (!esc) continue;
        const message = notCalledMessage(`${lock.target.text}.${release}()`, esc);
        ctx.report({
          node: lock.node,
          message,
          related: [
            ...(esc.last?.ast
              ? [{ node: esc.throwsAt ?? esc.last.ast, message: `leaves with ${lock.target.text} locked` }]
              : []),
            ...unlocks
              .filter((u) => !u.implicit)
              .map((u) => ({ node: u.node, message: 'released here on other paths' })),
          ],
          fixes: unlocks.length === 1 ? fixOf(lock, unlocks[0]!) : [],
        });
      }
    }
  },
};

/** await mu.lock(); A; B; mu.unlock();  →  await mu.lock(); try { A; B; } finally { mu.unlock(); } */
function fixOf(lock: Op, unlock: Op): Fix[] {
  const lockStmt = ownStatement(lock);
  const unlockStmt = ownStatement(unlock);
  if (!lockStmt || !unlockStmt) return [];
  const where = statementInList(lockStmt);
  if (!where || where.stmt !== lockStmt) return [];
  const list = where.list;
  const i = list.indexOf(lockStmt);
  const j = list.indexOf(unlockStmt);
  if (j <= i + 1 || !ts.isExpressionStatement(unlockStmt)) return [];
  const edit = wrapInTryFinally(lock.node.getSourceFile(), list, i + 1, j, unlockStmt.getText(), [
    unlockStmt,
  ]);
  return edit
    ? [{ title: `move ${unlock.target!.text}.${unlock.kind}() into a finally block`, edits: [edit] }]
    : [];
}

function isDeclarationInit(op: Op): boolean {
  let n: ts.Node = op.node;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent))) n = n.parent;
  return ts.isVariableDeclaration(n.parent) && n.parent.initializer === n;
}
