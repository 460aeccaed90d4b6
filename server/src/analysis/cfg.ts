// A small control-flow graph per function, at statement granularity, with exception edges.
// It is what lets a check ask "is wg.done() reached on every path out of this goroutine, including
// when fetch() throws?" A `finally` block is built once and continues to every place its entries
// came from (normal follow, return, throw, break), a sound over-approximation for "must pass"
// questions. A block with `using` declarations is built as try { rest } finally { dispose }.
import { ts as tsMorph } from 'ts-morph';
// a plain binding: in the bundle, every `ts.x` through the import is a chain of getter calls
import ts = tsMorph;

export type CfgNodeKind =
  'entry' | 'exit' | 'throw-exit' | 'stmt' | 'cond' | 'loop-head' | 'dispose' | 'join';

export interface CfgNode {
  readonly id: number;
  readonly kind: CfgNodeKind;
  /** The statement or header expression this node evaluates; for 'dispose', the `using` declaration list. */
  readonly ast: ts.Node | undefined;
  /** Normal successors. */
  readonly succ: CfgNode[];
  readonly pred: CfgNode[];
  /** Where an exception raised while evaluating this node would go (a catch, a finally, or the throw exit); taken only when throwsAt is set. */
  exc: CfgNode | undefined;
  /** The first call, await or throw in this node that may throw; undefined when it cannot. */
  throwsAt: ts.Node | undefined;
  /** Whether this node is a `return` (its successor leads to the exit, possibly through finally blocks). */
  isReturn: boolean;
}

export interface Cfg {
  readonly fn: ts.Node;
  readonly entry: CfgNode;
  /** Normal completion: a return or falling off the end. */
  readonly exit: CfgNode;
  /** Completion by an uncaught exception. */
  readonly throwExit: CfgNode;
  readonly nodes: CfgNode[];
  /** The innermost node whose evaluation contains `ast` (a call, an await), within this function. */
  nodeOf(ast: ts.Node): CfgNode | undefined;
}

/** Decides which part of a node's own evaluation may throw (the first one), or undefined. */
export type ThrowPolicy = (evaluated: ts.Node) => ts.Node | undefined;

interface Ctx {
  exc: CfgNode;
  ret: CfgNode;
  breakTarget: CfgNode | undefined;
  continueTarget: CfgNode | undefined;
  labels: Map<string, { brk: CfgNode; cont: CfgNode | undefined }>;
  /** Inside a try with a finally: jumps out go through it, and it then continues to their targets. */
  fin?: { entry: CfgNode; leaving: Set<CfgNode> };
}

export function buildCfg(fn: ts.Node, mayThrow: ThrowPolicy): Cfg {
  const nodes: CfgNode[] = [];
  const astMap = new Map<ts.Node, CfgNode>();
  const mk = (kind: CfgNodeKind, ast?: ts.Node): CfgNode => {
    const n: CfgNode = {
      id: nodes.length,
      kind,
      ast,
      succ: [],
      pred: [],
      exc: undefined,
      throwsAt: undefined,
      isReturn: false,
    };
    nodes.push(n);
    if (ast && kind !== 'dispose' && !astMap.has(ast)) astMap.set(ast, n);
    return n;
  };
  const edge = (a: CfgNode, b: CfgNode) => {
    if (!a.succ.includes(b)) {
      a.succ.push(b);
      b.pred.push(a);
    }
  };
  const link = (preds: CfgNode[], b: CfgNode) => preds.forEach((p) => edge(p, b));

  const entry = mk('entry');
  const exit = mk('exit');
  const throwExit = mk('throw-exit');

  // A node evaluating `ast`; exceptions go to the context's handler.
  const evalNode = (kind: CfgNodeKind, ast: ts.Node, preds: CfgNode[], ctx: Ctx): CfgNode => {
    const n = mk(kind, ast);
    link(preds, n);
    // deciding what may throw resolves every call's symbol: done on first use only
    let known = false;
    let value: ts.Node | undefined;
    Object.defineProperty(n, 'throwsAt', {
      get: () => {
        if (!known) {
          known = true;
          value = mayThrow(ast);
        }
        return value;
      },
      set: (v: ts.Node | undefined) => {
        known = true;
        value = v;
      },
      enumerable: true,
    });
    n.exc = ctx.exc;
    return n;
  };

  const jump = (from: CfgNode, target: CfgNode, ctx: Ctx) => {
    if (ctx.fin) {
      edge(from, ctx.fin.entry);
      ctx.fin.leaving.add(target);
    } else edge(from, target);
  };

  function stmts(list: readonly ts.Statement[], preds: CfgNode[], ctx: Ctx): CfgNode[] {
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (ts.isVariableStatement(s) && isUsing(s.declarationList)) {
        const n = evalNode('stmt', s, preds, ctx);
        return withFinally(
          (c) => stmts(list.slice(i + 1), [n], c),
          (p, c) => [evalNode('dispose', s.declarationList, p, c)],
          ctx,
          undefined,
        );
      }
      preds = stmt(s, preds, ctx);
    }
    return preds;
  }

  // try { body } [catch { handler }] finally { fin }
  function withFinally(
    body: (c: Ctx) => CfgNode[],
    fin: ((preds: CfgNode[], c: Ctx) => CfgNode[]) | undefined,
    ctx: Ctx,
    handler: ((preds: CfgNode[], c: Ctx) => CfgNode[]) | undefined,
  ): CfgNode[] {
    if (!fin) {
      const catchEntry = mk('join');
      const out = body({ ...ctx, exc: catchEntry });
      const hOut = handler ? handler([catchEntry], ctx) : [];
      return [...out, ...hOut];
    }
    const finEntry = mk('join');
    const leaving = new Set<CfgNode>();
    const retProxy = mk('join');
    const excProxy = mk('join');
    edge(retProxy, finEntry);
    edge(excProxy, finEntry);
    const inner: Ctx = { ...ctx, ret: retProxy, exc: excProxy, fin: { entry: finEntry, leaving } };
    let normal: CfgNode[];
    if (handler) {
      const catchEntry = mk('join');
      const out = body({ ...inner, exc: catchEntry });
      const hOut = handler([catchEntry], inner);
      normal = [...out, ...hOut];
    } else normal = body(inner);
    link(normal, finEntry);
    const sawReturn = retProxy.pred.length > 0;
    const sawThrow = excProxy.pred.length > 0;
    const finOut = fin([finEntry], ctx);
    if (sawReturn) for (const f of finOut) edge(f, ctx.ret);
    if (sawThrow) for (const f of finOut) edge(f, ctx.exc);
    for (const t of leaving) for (const f of finOut) jump(f, t, ctx);
    return normal.length ? finOut : [];
  }

  function loopCtx(ctx: Ctx, after: CfgNode, cont: CfgNode, label: string | undefined): Ctx {
    const c: Ctx = {
      ...ctx,
      breakTarget: after,
      continueTarget: cont,
      labels: new Map(ctx.labels),
      fin: undefined,
    };
    if (label) c.labels.set(label, { brk: after, cont });
    return c;
  }

  function loop(
    s: ts.IterationStatement,
    head: CfgNode,
    bodyPreds: CfgNode[],
    ctx: Ctx,
    label: string | undefined,
    exits: boolean,
  ): CfgNode[] {
    const after = mk('join');
    const cont = head;
    const lctx = loopCtx(ctx, after, cont, label);
    const out = stmt(s.statement, bodyPreds, lctx);
    link(out, head);
    if (exits) edge(head, after);
    return [after];
  }

  function stmt(s: ts.Statement, preds: CfgNode[], ctx: Ctx, label?: string): CfgNode[] {
    switch (s.kind) {
      case ts.SyntaxKind.Block:
        return stmts((s as ts.Block).statements, preds, ctx);
      case ts.SyntaxKind.IfStatement: {
        const i = s as ts.IfStatement;
        const c = evalNode('cond', i.expression, preds, ctx);
        const a = stmt(i.thenStatement, [c], ctx);
        const b = i.elseStatement ? stmt(i.elseStatement, [c], ctx) : [c];
        return [...a, ...b];
      }
      case ts.SyntaxKind.WhileStatement: {
        const w = s as ts.WhileStatement;
        const head = evalNode('loop-head', w.expression, preds, ctx);
        return loop(w, head, [head], ctx, label, !isTrue(w.expression));
      }
      case ts.SyntaxKind.DoStatement: {
        const d = s as ts.DoStatement;
        const bodyEntry = mk('join');
        link(preds, bodyEntry);
        const head = evalNode('loop-head', d.expression, [], ctx);
        const after = mk('join');
        const lctx = loopCtx(ctx, after, head, label);
        link(stmt(d.statement, [bodyEntry], lctx), head);
        edge(head, bodyEntry);
        if (!isTrue(d.expression)) edge(head, after);
        return [after];
      }
      case ts.SyntaxKind.ForStatement: {
        const f = s as ts.ForStatement;
        let p = preds;
        if (f.initializer) p = [evalNode('stmt', f.initializer, p, ctx)];
        const head = f.condition ? evalNode('loop-head', f.condition, p, ctx) : mk('loop-head', f);
        if (!f.condition) link(p, head);
        const after = mk('join');
        const incr = f.incrementor ? evalNode('stmt', f.incrementor, [], ctx) : head;
        if (f.incrementor) edge(incr, head);
        const lctx = loopCtx(ctx, after, incr, label);
        link(stmt(f.statement, [head], lctx), incr);
        if (f.condition && !isTrue(f.condition)) edge(head, after);
        return [after];
      }
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement: {
        const f = s as ts.ForOfStatement | ts.ForInStatement;
        const init = evalNode('stmt', f.expression, preds, ctx);
        const head = mk('loop-head', f);
        edge(init, head);
        head.throwsAt = ts.isForOfStatement(f) && f.awaitModifier ? f : undefined;
        if (head.throwsAt) head.exc = ctx.exc;
        return loop(f, head, [head], ctx, label, true);
      }
      case ts.SyntaxKind.LabeledStatement: {
        const l = s as ts.LabeledStatement;
        if (ts.isIterationStatement(l.statement, false)) return stmt(l.statement, preds, ctx, l.label.text);
        const after = mk('join');
        const lctx: Ctx = { ...ctx, labels: new Map(ctx.labels) };
        lctx.labels.set(l.label.text, { brk: after, cont: undefined });
        link(stmt(l.statement, preds, lctx), after);
        return [after];
      }
      case ts.SyntaxKind.ReturnStatement: {
        const n = evalNode('stmt', s, preds, ctx);
        n.isReturn = true;
        edge(n, ctx.ret);
        return [];
      }
      case ts.SyntaxKind.ThrowStatement: {
        const n = mk('stmt', s);
        link(preds, n);
        n.throwsAt = s;
        n.exc = ctx.exc;
        return [];
      }
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement: {
        const b = s as ts.BreakStatement | ts.ContinueStatement;
        const n = mk('stmt', s);
        link(preds, n);
        const isBreak = s.kind === ts.SyntaxKind.BreakStatement;
        const lab = b.label ? ctx.labels.get(b.label.text) : undefined;
        const target = b.label
          ? isBreak
            ? lab?.brk
            : lab?.cont
          : isBreak
            ? ctx.breakTarget
            : ctx.continueTarget;
        if (target) jump(n, target, ctx);
        return [];
      }
      case ts.SyntaxKind.TryStatement: {
        const t = s as ts.TryStatement;
        const handler = t.catchClause
          ? (p: CfgNode[], c: Ctx) => stmts(t.catchClause!.block.statements, p, c)
          : undefined;
        const fin = t.finallyBlock
          ? (p: CfgNode[], c: Ctx) => stmts(t.finallyBlock!.statements, p, c)
          : undefined;
        return withFinally((c) => stmts(t.tryBlock.statements, preds, c), fin, ctx, handler);
      }
      case ts.SyntaxKind.SwitchStatement: {
        const sw = s as ts.SwitchStatement;
        const d = evalNode('cond', sw.expression, preds, ctx);
        const after = mk('join');
        const sctx: Ctx = { ...ctx, breakTarget: after, fin: undefined };
        let fall: CfgNode[] = [];
        let hasDefault = false;
        for (const clause of sw.caseBlock.clauses) {
          if (ts.isDefaultClause(clause)) hasDefault = true;
          const entryPreds = [d, ...fall];
          fall = stmts(clause.statements, entryPreds, sctx);
        }
        link(fall, after);
        if (!hasDefault) edge(d, after);
        return [after];
      }
      case ts.SyntaxKind.EmptyStatement:
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
      case ts.SyntaxKind.ImportDeclaration:
        return preds;
      default:
        return [evalNode('stmt', s, preds, ctx)];
    }
  }

  const baseCtx: Ctx = {
    exc: throwExit,
    ret: exit,
    breakTarget: undefined,
    continueTarget: undefined,
    labels: new Map(),
  };
  let tail: CfgNode[];
  if (ts.isSourceFile(fn) || ts.isModuleBlock(fn)) tail = stmts(fn.statements, [entry], baseCtx);
  else {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) tail = [entry];
    else if (ts.isBlock(body)) tail = stmts(body.statements, [entry], baseCtx);
    else {
      const n = evalNode('stmt', body, [entry], baseCtx);
      n.isReturn = true;
      tail = [n];
    }
  }
  link(tail, exit);

  return {
    fn,
    entry,
    exit,
    throwExit,
    nodes,
    nodeOf(ast: ts.Node) {
      for (let n: ts.Node | undefined = ast; n && n !== fn; n = n.parent) {
        const c = astMap.get(n);
        if (c) return c;
      }
      return undefined;
    },
  };
}

function isUsing(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.Using) !== 0; // covers `await using` too (AwaitUsing = Const | Using)
}

function isTrue(e: ts.Expression): boolean {
  return e.kind === ts.SyntaxKind.TrueKeyword;
}

export interface Escape {
  /** The nodes from the start (exclusive) to the exit, in order. */
  path: CfgNode[];
  via: 'return' | 'throw';
  /** For an escape by exception: the call, await or throw that raises it. */
  throwsAt?: ts.Node;
  /** The last node before the exit (a return statement, the last statement, or the throwing node). */
  last: CfgNode | undefined;
}

/**
 * A path from just after `from` to the function's exit (or, with `throws`, its throw exit) that never
 * enters a node for which `stop` holds: the proof that something is not reached on every path.
 * Return paths are preferred; among throw paths, the one whose throwing node comes first.
 */
export function findEscape(
  cfg: Cfg,
  from: CfgNode,
  stop: (n: CfgNode) => boolean,
  opts: { throws: boolean },
): Escape | undefined {
  const parent = new Map<CfgNode, CfgNode | null>();
  const queue: CfgNode[] = [];
  const visit = (n: CfgNode, p: CfgNode | null) => {
    if (parent.has(n) || stop(n)) return;
    parent.set(n, p);
    queue.push(n);
  };
  for (const s of from.succ) visit(s, from);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    if (n === cfg.exit)
      return { path: pathTo(parent, n, from), via: 'return', last: parent.get(n) ?? undefined };
    if (n === cfg.throwExit) continue;
    for (const s of n.succ) visit(s, n);
    if (opts.throws && n.throwsAt && n.exc) {
      if (!parent.has(n.exc) && !stop(n.exc)) {
        parent.set(n.exc, n);
        queue.push(n.exc);
      }
    }
  }
  if (opts.throws && parent.has(cfg.throwExit)) {
    const path = pathTo(parent, cfg.throwExit, from);
    // the raising node is the last on the path with an exception edge taken
    let raiser: CfgNode | undefined;
    for (let i = path.length - 1; i > 0; i--) {
      const prev = i === 0 ? from : path[i - 1]!;
      if (prev.exc === path[i] && prev.throwsAt) {
        raiser = prev;
        break;
      }
    }
    raiser ??= path.find((n) => n.throwsAt && n.exc);
    return { path, via: 'throw', throwsAt: raiser?.throwsAt, last: raiser };
  }
  return undefined;
}

function pathTo(parent: Map<CfgNode, CfgNode | null>, n: CfgNode, from: CfgNode): CfgNode[] {
  const out: CfgNode[] = [];
  for (let c: CfgNode | null | undefined = n; c && c !== from; c = parent.get(c)) out.push(c);
  return out.reverse();
}

/** Nodes reachable from `from` by normal and (optionally) exception edges. */
export function reachable(from: CfgNode, throws = true): Set<CfgNode> {
  const seen = new Set<CfgNode>([from]);
  const stack = [from];
  while (stack.length) {
    const n = stack.pop()!;
    const next = throws && n.throwsAt && n.exc ? [...n.succ, n.exc] : n.succ;
    for (const s of next)
      if (!seen.has(s)) {
        seen.add(s);
        stack.push(s);
      }
  }
  return seen;
}
