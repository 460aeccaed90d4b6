// The cancel function of context.withCancel/withTimeout/withDeadline must be called on every path
// (go vet's lostcancel).
import { ts } from 'ts-morph';
import { findEscape, type CfgNode, type Op } from '../../analysis/index.js';
import type { Check, Fix } from '../check.js';
import { lineOf, statementInList, wrapInTryFinally } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR4001',
    name: 'lost-cancel',
    title: 'The cancel function of a context is not called on every path',
    severity: 'warning',
    doc: {
      why: 'A context made with withCancel, withTimeout or withDeadline holds resources (a timer, a place in its parent) until it is cancelled. If a return skips cancel(), they are held until the parent is cancelled, which for context.background() is never.',
      wrong: `const [ctx, cancel] = context.withTimeout(parent, 1000);
const res = await query(ctx);
if (!res.ok) return null; // cancel never called
cancel();
return res;`,
      right: `const [ctx, cancel] = context.withTimeout(parent, 1000);
try {
  return await query(ctx);
} finally {
  cancel();
}`,
      whenNotToUse: 'When the context lives as long as the program.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.kind !== 'withCancel' || ts.isSourceFile(op.fn.node)) continue;
      const factory = op.name.replace('context.', '');
      const cancel = op.binds?.[1];
      if (!cancel) {
        if (op.binds && op.binds.length) {
          ctx.report({
            node: op.node,
            message: `the cancel function returned by ${factory}() is discarded: the context is never released`,
          });
        }
        continue;
      }
      const cancelDecl = cancel.decl;
      if (!cancelDecl || !ts.isBindingElement(cancelDecl) || !ts.isIdentifier(cancelDecl.name)) continue;
      const sym = ctx.checker.getSymbolAtLocation(cancelDecl.name);
      if (!sym) continue;
      const fn = op.fn;
      const usesCancel = new Map<CfgNode, boolean>();
      const stop = (n: CfgNode) => {
        let r = usesCancel.get(n);
        if (r === undefined) {
          r = !!n.ast && n.ast !== cancelDecl && references(ctx.checker, n.ast, sym, cancelDecl);
          usesCancel.set(n, r);
        }
        return r;
      };
      const from = fn.nodeOfOp(op);
      if (!from) continue;
      const esc = findEscape(fn.cfg, from, stop, { throws: false });
      if (!esc) continue;
      const where =
        esc.last?.isReturn && esc.last.ast
          ? `the return at line ${lineOf(esc.last.ast)}`
          : 'the end of the function';
      ctx.report({
        node: cancelDecl,
        message: `${cancel.text}() is not called on ${where}: the context leaks (call it in a finally block)`,
        related: esc.last?.ast
          ? [{ node: esc.last.ast, message: `reached without calling ${cancel.text}()` }]
          : [],
        fixes: fixOf(op, cancel.text),
      });
    }
  },
};

function references(checker: ts.TypeChecker, n: ts.Node, sym: ts.Symbol, decl: ts.Node): boolean {
  let found = false;
  const visit = (c: ts.Node): void => {
    if (found) return;
    if (
      ts.isIdentifier(c) &&
      c.text === sym.name &&
      c !== (decl as ts.BindingElement).name &&
      checker.getSymbolAtLocation(c) === sym
    ) {
      found = true;
      return;
    }
    c.forEachChild(visit);
  };
  visit(n);
  return found;
}

/** const [ctx, cancel] = …; rest  →  const [ctx, cancel] = …; try { rest } finally { cancel(); } */
function fixOf(op: Op, cancel: string): Fix[] {
  const where = statementInList(op.node);
  if (!where) return [];
  const list = where.list;
  const i = list.indexOf(where.stmt);
  if (i < 0 || i === list.length - 1) return [];
  const drop = list
    .slice(i + 1)
    .filter(
      (s) => ts.isExpressionStatement(s) && s.expression.getText().replace(/\s/g, '') === `${cancel}()`,
    );
  const edit = wrapInTryFinally(op.node.getSourceFile(), list, i + 1, list.length - 1, `${cancel}();`, drop);
  return edit ? [{ title: `call ${cancel}() in a finally block`, edits: [edit] }] : [];
}
