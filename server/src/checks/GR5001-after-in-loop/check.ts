// after() in a long-lived loop makes a timer per iteration that lives until it fires.
import { ts } from 'ts-morph';
import type { Resource } from '../../analysis/index.js';
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
      // select(recv(stop), recv(after(ms))): the timer fires every iteration but the last, nothing piles up
      const sel = op.fn.ops.find(
        (o) =>
          o.kind === 'select' &&
          o.cases?.some(
            (c) => c.call.getStart() <= op.node.getStart() && op.node.getEnd() <= c.call.getEnd(),
          ),
      );
      const others = sel?.cases?.filter(
        (c) => !(c.call.getStart() <= op.node.getStart() && op.node.getEnd() <= c.call.getEnd()),
      );
      if (others?.length && others.every((c) => c.kind === 'recv' && c.channel && isSignal(c.channel)))
        continue;
      ctx.report({
        node: op.node,
        message:
          'after() in this loop starts a timer every iteration that lives until it fires: reuse one Timer with reset()',
      });
    }
  },
};

/** A channel that only signals (ctx.done(), a Chan<void>): it fires once, to stop the loop. */
function isSignal(r: Resource): boolean {
  if (r.key.endsWith('.done')) return true;
  const d = r.decl;
  if (!d || !(ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isParameter(d))) return false;
  const typeArg = (n: ts.Node | undefined): ts.TypeNode | undefined =>
    n && (ts.isTypeReferenceNode(n) || ts.isCallExpression(n)) ? n.typeArguments?.[0] : undefined;
  const t = typeArg(d.type) ?? typeArg(d.initializer);
  return !!t && (t.kind === ts.SyntaxKind.VoidKeyword || t.kind === ts.SyntaxKind.NeverKeyword);
}

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
