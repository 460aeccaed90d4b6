// A blocking runtime operation whose promise is dropped does not block: the code after it runs at once.
import { ts } from 'ts-morph';
import type { Op } from '../../analysis/index.js';
import type { Check } from '../check.js';
import { addAwaitFix } from '../util.js';

const WHAT: Partial<Record<Op['kind'], string>> = {
  send: 'the code below runs before a receiver takes the value',
  recv: 'the code below runs before a value arrives',
  recvOk: 'the code below runs before a value arrives',
  lock: 'the code below runs without the lock',
  rlock: 'the code below runs without the read lock',
  wgWait: 'the code below runs before the goroutines finish',
  groupWait: 'the code below runs before the goroutines finish, and their error is lost',
  select: 'the code below runs before a case is chosen',
  sleep: 'nothing waits',
  condWait: 'the code below runs before the signal',
  acquire: 'the code below runs without the semaphore',
  onceDo: 'the code below may run before the function has',
  sfDo: 'the code below runs before the result is in',
};

export const check: Check = {
  meta: {
    id: 'GR6001',
    name: 'unawaited-operation',
    title: 'A blocking runtime operation is not awaited',
    severity: 'error',
    doc: {
      why: 'ch.send(v), mu.lock(), wg.wait(), select(…) and sleep() return promises: they block only when awaited. Without await, the statement after them runs at once: a lock is not held, a send has not been received, a wait did not wait.',
      wrong: `mu.lock();
counter++;
mu.unlock();`,
      right: `await mu.lock();
counter++;
mu.unlock();`,
      whenNotToUse:
        'Never for lock(), wait() and select(). For a send on a buffered channel that is known to have room, write `void ch.send(v)` to say the drop is deliberate.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      const what = WHAT[op.kind];
      if (!what || op.use !== 'dropped') continue;
      let n: ts.Node = op.node;
      while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
      if (!ts.isExpressionStatement(n.parent)) continue; // `void x` is a deliberate drop
      const label =
        op.kind === 'select' || op.kind === 'sleep'
          ? `${op.name}()`
          : `${op.target?.text ?? op.name}.${op.name}()`;
      const canAwait = op.fn.isAsync || (ts.isSourceFile(op.fn.node) && ts.isExternalModule(ctx.sf));
      ctx.report({
        node: op.node,
        message: `${label} is not awaited: ${what}`,
        fixes: canAwait ? [addAwaitFix(op)] : [],
      });
    }
  },
};
