// after() in a long-lived loop makes a timer per iteration that lives until it fires.
import { ts } from 'ts-morph';
import type { Check } from '../check.js';

export const check: Check = {
  meta: {
    id: 'GR5001',
    name: 'after-in-loop',
    title: 'after() inside a long-lived loop',
    severity: 'warning',
    doc: {
      why: 'Every after(ms) starts a timer that lives until it fires, even when another select case won. In a loop that runs for a long time (an endless loop, or a loop over a channel), timers pile up: memory and timer work grow with the message rate times the timeout. Make one Timer and reset() it, or use a context with a deadline.',
      wrong: `for await (const msg of inbox) {
  await select(recv(replies, handle), recv(after(30_000), timeout));
}`,
      right: `const t = new Timer(30_000);
for await (const msg of inbox) {
  t.reset(30_000);
  await select(recv(replies, handle), recv(t.c, timeout));
}
t.stop();`,
      whenNotToUse:
        'When the loop runs a handful of times, or the timeout is short compared with the iteration rate.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.kind !== 'after' || !op.loops.length) continue;
      const loop = op.loops.find(longLived);
      if (!loop) continue;
      ctx.report({
        node: op.node,
        message:
          'after() in this loop starts a timer every iteration that lives until it fires: reuse one Timer with reset()',
      });
    }
  },
};

function longLived(loop: ts.IterationStatement): boolean {
  if (ts.isForOfStatement(loop)) return !!loop.awaitModifier;
  if (ts.isForStatement(loop)) return !loop.condition || loop.condition.kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop))
    return (
      loop.expression.kind === ts.SyntaxKind.TrueKeyword ||
      /\berr\(\)|\baborted\b/.test(loop.expression.getText())
    );
  return false;
}
