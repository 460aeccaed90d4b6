// wg.add(n) with a literal n must match the goroutines that call done() on that WaitGroup.
import { ts } from 'ts-morph';
import type { Flow, FunctionFacts, Op } from '../../analysis/index.js';
import type { Check, Fix } from '../check.js';

export const check: Check = {
  meta: {
    id: 'GR1004',
    name: 'wg-add-count-mismatch',
    title: 'wg.add(n) does not match the goroutines started',
    severity: 'error',
    doc: {
      why: 'If add(n) counts more goroutines than call done(), wait() blocks forever; if fewer, the counter goes negative and the program panics with "sync: negative WaitGroup counter".',
      wrong: `wg.add(2);
go(worker, wg, a);
await wg.wait(); // blocks forever: one done() for two adds`,
      right: `wg.add(1);
go(worker, wg, a);
await wg.wait();`,
      whenNotToUse:
        'When some done() calls happen outside the goroutines started next to the add(), for example from callbacks.',
    },
  },
  run(ctx) {
    for (const fn of ctx.file.functions) {
      const adds = fn.ops.filter((o) => o.kind === 'wgAdd' && o.target);
      for (const add of adds) {
        const key = add.target!.key;
        if (add.delta === undefined || add.delta <= 0 || add.loops.length || !straightLine(add.node, fn))
          continue;
        // only the simple shape: one add of this WaitGroup in the function, spawns not in loops or branches
        if (adds.filter((o) => o.target!.key === key).length !== 1) continue;
        if (
          fn.ops.some(
            (o) => o.target?.key === key && (o.kind === 'wgDone' || (o.kind === 'spawn' && o.target)),
          )
        )
          continue;
        const spawns = fn.ops.filter(
          (o) => o.kind === 'spawn' && !o.target && o.node.getStart() > add.node.getStart(),
        );
        const counted = spawns.filter((s) => donesIn(ctx.flow, s, key) > 0);
        if (!counted.length) continue;
        if (
          counted.some((s) => s.loops.length || !straightLine(s.node, fn) || donesIn(ctx.flow, s, key) !== 1)
        )
          continue;
        if (spawns.some((s) => donesIn(ctx.flow, s, key) < 0)) continue;
        if (counted.length === add.delta) continue;
        const n = counted.length;
        ctx.report({
          node: add.node,
          message: `${add.target!.text}.add(${add.delta}) but ${n} goroutine${n === 1 ? '' : 's'} call${n === 1 ? 's' : ''} ${add.target!.text}.done(): ${n < add.delta ? `${add.target!.text}.wait() blocks forever` : 'the counter goes negative'}`,
          related: counted.map((s) => ({ node: s.node, message: 'calls done()' })),
          fixes: countFix(add, n),
        });
      }
    }
  },
};

/** Writes the number of goroutines that call done() as add()'s literal count. */
function countFix(add: Op, n: number): Fix[] {
  const arg = ts.isCallExpression(add.node) ? add.node.arguments[0] : undefined;
  if (!arg || !ts.isNumericLiteral(arg)) return [];
  const sf = arg.getSourceFile();
  return [
    {
      title: `count ${n} goroutine${n === 1 ? '' : 's'}: ${add.target!.text}.add(${n})`,
      edits: [{ fileName: sf.fileName, start: arg.getStart(sf), end: arg.getEnd(), newText: String(n) }],
    },
  ];
}

/** How many done() calls on `key` the spawned goroutine makes: 1, 0, or -1 when it cannot tell. */
function donesIn(flow: Flow, spawn: Op, key: string): number {
  const target = spawn.spawned;
  if (!target) return -1;
  const fn: FunctionFacts | undefined = flow.ws.functionFacts(target);
  if (!fn) return -1;
  const direct = fn.ops.filter((o) => o.kind === 'wgDone' && o.target?.key === key).length;
  if (direct) return direct;
  // go(worker, wg, x): done() on the parameter the WaitGroup is passed as
  const s = flow.summary(target);
  let count = 0;
  spawn.args.slice(1).forEach((arg, i) => {
    const r = flow.resolver.resourceOf(arg, spawn.fn);
    if (r?.key === key) count += (s.paramOps.get(i) ?? []).filter((o) => o.kind === 'wgDone').length;
  });
  return count;
}

/** Whether a node runs exactly once per run of the function: no branch, loop, or try between them. */
function straightLine(n: ts.Node, fn: FunctionFacts): boolean {
  for (let c = n.parent; c && c !== fn.node; c = c.parent) {
    if (
      ts.isIfStatement(c) ||
      ts.isConditionalExpression(c) ||
      ts.isSwitchStatement(c) ||
      ts.isTryStatement(c)
    )
      return false;
    if (ts.isIterationStatement(c, false) || ts.isFunctionLike(c)) return false;
    if (
      ts.isBinaryExpression(c) &&
      (c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        c.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return false;
  }
  return true;
}
