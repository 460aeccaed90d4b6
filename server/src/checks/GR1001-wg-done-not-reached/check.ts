// wg.done() must run on every path out of the goroutine, or wg.wait() never returns.
import { ts } from 'ts-morph';
import { findEscape, type Op } from '../../analysis/index.js';
import { within } from '../../analysis/program.js';
import type { Check, Fix } from '../check.js';
import {
  deleteStatement,
  notCalledMessage,
  ownStatement,
  statementInList,
  wrapInTryFinally,
} from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR1001',
    name: 'wg-done-not-reached',
    title: 'wg.done() is not reached on every path',
    severity: 'error',
    doc: {
      why: 'A goroutine that returns early or throws before wg.done() leaves the counter above zero, so wg.wait() blocks forever. Go code says `defer wg.Done()`; in TypeScript that is a finally block, or wg.go(f), which calls done() for you.',
      wrong: `wg.add(1);
go(async () => {
  const body = await fetch(url); // throws: done() never runs
  results.push(await body.text());
  wg.done();
});`,
      right: `wg.go(async () => {
  const body = await fetch(url);
  results.push(await body.text());
});`,
      whenNotToUse: 'When done() is deliberately called by someone else on the paths this one skips.',
    },
  },
  run(ctx) {
    for (const fn of ctx.file.functions) {
      const dones = fn.ops.filter((o) => o.kind === 'wgDone' && o.target);
      const byKey = new Map<string, Op[]>();
      for (const d of dones) byKey.set(d.target!.key, [...(byKey.get(d.target!.key) ?? []), d]);
      for (const [key, ops] of byKey) {
        const first = ops[0]!;
        // the function that makes the WaitGroup also waits on it: done() there is not a goroutine's duty
        const decl = first.target!.decl;
        if (decl && within(decl, fn.node) && !ts.isParameter(decl)) continue;
        const stop = (n: import('../../analysis/index.js').CfgNode) =>
          ctx.flow.opsAt(fn, n).some((o) => o.kind === 'wgDone' && o.target?.key === key);
        const esc = findEscape(fn.cfg, fn.cfg.entry, stop, { throws: true });
        if (!esc) continue;
        const message = notCalledMessage(`${first.target!.text}.done()`, esc);
        ctx.report({
          node: first.node,
          message,
          related: esc.last?.ast
            ? [{ node: esc.throwsAt ?? esc.last.ast, message: 'leaves without done()' }]
            : [],
          fixes: ops.length === 1 ? [...fixOf(first), ...useGoFix(first, ctx.file.ops)] : [],
        });
      }
    }
  },
};

/** Moves a done() that ends the function body into a finally around everything before it. */
function fixOf(op: Op): Fix[] {
  const stmt = ownStatement(op);
  const fn = op.fn.node;
  if (!stmt || ts.isSourceFile(fn) || !fn.body || !ts.isBlock(fn.body)) return [];
  const list = fn.body.statements;
  const idx = list.indexOf(stmt);
  if (idx <= 0) return [];
  const edit = wrapInTryFinally(op.node.getSourceFile(), list, 0, idx, stmt.getText(), [stmt]);
  return edit ? [{ title: `move ${op.target!.text}.done() into a finally block`, edits: [edit] }] : [];
}

/**
 * `wg.add(1); go(async () => { …; wg.done(); })` becomes `wg.go(async () => { … })`, which calls
 * done() on every path out: offered when the add, the go() and the done() are exactly that shape.
 */
function useGoFix(done: Op, fileOps: readonly Op[]): Fix[] {
  const fn = done.fn;
  const body = (fn.node as ts.FunctionLikeDeclaration).body;
  const doneStmt = ownStatement(done);
  if (!doneStmt || !body || !ts.isBlock(body) || body.statements.at(-1) !== doneStmt) return [];
  if (fn.spawnedBy.length !== 1 || (fn.node as ts.FunctionLikeDeclaration).parameters.length) return [];
  const spawn = fn.spawnedBy[0]!;
  const call = spawn.node;
  if (
    spawn.target ||
    !ts.isCallExpression(call) ||
    call.arguments.length !== 1 ||
    call.arguments[0] !== fn.node
  )
    return [];
  if (!ts.isIdentifier(call.expression) || !ownStatement(spawn)) return [];
  const at = statementInList(call);
  const idx = at ? at.list.indexOf(at.stmt) : -1;
  if (!at || idx <= 0) return [];
  const prev = at.list[idx - 1];
  const add = fileOps.find(
    (o) =>
      o.kind === 'wgAdd' && o.delta === 1 && o.target?.key === done.target!.key && ownStatement(o) === prev,
  );
  if (!add) return [];
  const sf = call.getSourceFile();
  const wg = done.target!.text;
  return [
    {
      title: `start the goroutine with ${wg}.go(), which calls done() for it`,
      edits: [
        deleteStatement(sf, prev!),
        {
          fileName: sf.fileName,
          start: call.expression.getStart(sf),
          end: call.expression.getEnd(),
          newText: `${wg}.go`,
        },
        deleteStatement(sf, doneStmt),
      ],
    },
  ];
}
