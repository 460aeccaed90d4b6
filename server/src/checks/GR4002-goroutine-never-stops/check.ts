// A goroutine that loops forever without looking at a context or done channel cannot be stopped.
import { ts } from 'ts-morph';
import type { FunctionFacts } from '../../analysis/index.js';
import type { Check } from '../check.js';

export const check: Check = {
  meta: {
    id: 'GR4002',
    name: 'goroutine-never-stops',
    title: 'A goroutine loops forever without checking a context or done channel',
    severity: 'warning',
    doc: {
      why: 'An endless loop with no way out (no return, break or throw, no check of ctx.done(), ctx.err() or a done channel) keeps its goroutine, and everything it references, alive for the life of the program. Give it a context and leave the loop when the context is cancelled.',
      wrong: `go(async () => {
  for (;;) {
    await sleep(1000);
    await poll();
  }
});`,
      right: `go(async () => {
  while (!ctx.err()) {
    await select(recv(ctx.done()), recv(after(1000)));
    await poll();
  }
});`,
      whenNotToUse:
        'For goroutines that must live as long as the program (a metrics reporter in a short-lived CLI).',
    },
  },
  run(ctx) {
    for (const fn of ctx.file.functions) {
      if (!spawned(fn)) continue;
      const visit = (n: ts.Node): void => {
        if (ts.isFunctionLike(n)) return;
        if (ts.isIterationStatement(n, false) && endless(n) && !leaves(n) && !watchesCancellation(fn, n))
          ctx.report({
            node: n.getFirstToken() ?? n,
            message:
              'this goroutine loops forever without checking a context or done channel: it can never be stopped',
          });
        n.forEachChild(visit);
      };
      const body = (fn.node as ts.FunctionLikeDeclaration).body;
      if (body) visit(body);
    }
  },
};

function spawned(fn: FunctionFacts): boolean {
  return fn.spawnedBy.length > 0;
}

function endless(loop: ts.IterationStatement): boolean {
  if (ts.isForStatement(loop)) return !loop.condition || loop.condition.kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop))
    return loop.expression.kind === ts.SyntaxKind.TrueKeyword;
  return false;
}

/** Whether anything in the loop body leaves it: return, throw, or a break/labelled break out of it. */
function leaves(loop: ts.IterationStatement): boolean {
  let found = false;
  const visit = (n: ts.Node, depth: number): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) || ts.isThrowStatement(n)) found = true;
    else if (ts.isBreakStatement(n) && (n.label || depth === 0)) found = true;
    else if (ts.isSwitchStatement(n)) n.forEachChild((c) => visit(c, depth + 1));
    else if (ts.isIterationStatement(n, false)) n.forEachChild((c) => visit(c, depth + 1));
    else n.forEachChild((c) => visit(c, depth));
  };
  visit(loop.statement, 0);
  return found;
}

/** Whether the loop consults a context or an AbortSignal (ctx.done(), ctx.err(), signal.aborted). */
function watchesCancellation(fn: FunctionFacts, loop: ts.IterationStatement): boolean {
  if (fn.ops.some((o) => (o.kind === 'ctxDone' || o.kind === 'ctxErr') && inside(o.node, loop))) return true;
  return /\.(aborted|signal|throwIfAborted)\b/.test(loop.getText());
}

function inside(n: ts.Node, c: ts.Node): boolean {
  return n.getStart() >= c.getStart() && n.getEnd() <= c.getEnd();
}
