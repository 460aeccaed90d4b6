// Lock classes and the lock-order graph of the whole program, after Linux's lockdep: a lock's class
// is the field or variable that holds it (every `Account.mu` is one class, whatever instance it is
// reached through), and "class A held while class B is acquired" is an edge A → B remembered with
// where A was taken and the call chain down to B. Two edges A → B and B → A are a possible deadlock;
// so is taking two locks of one class through two different parameters (transfer(a, b) racing
// transfer(b, a)).
import { ts } from 'ts-morph';
import type { FileFacts, FunctionFacts, Op, Resource } from './facts.js';
import type { Held } from './flow.js';
import type { ProgramContext } from './program.js';
import { skipParens } from './runtime-api.js';

export interface LockEdge {
  readonly from: string;
  readonly to: string;
  /** The lock held, as the acquiring function names it, and where it was taken. */
  readonly held: Held;
  /** The lock acquired, as the acquiring function names it. */
  readonly acquired: Resource;
  readonly mode: 'lock' | 'rlock';
  /** The operation in the function holding `held`: the lock itself, or the call that leads to it. */
  readonly site: Op;
  /** The lock operation (possibly in a callee). */
  readonly lockOp: Op;
  /** Calls from `site` down to `lockOp` (empty when direct). */
  readonly via: readonly Op[];
  /** Every lock class held at `site` (a common one serialises both orders). */
  readonly heldClasses: ReadonlySet<string>;
}

const graphs = new WeakMap<ProgramContext, LockEdge[]>();
const byFile = new WeakMap<FileFacts, LockEdge[]>();

/** Every lock-order edge of the program (computed once per context). */
export function lockEdges(ctx: ProgramContext): LockEdge[] {
  const cached = graphs.get(ctx);
  if (cached) return cached;
  const edges: LockEdge[] = [];
  for (const facts of ctx.files()) {
    // a file's facts object is replaced when it, or a file it resolved into, changes
    let own = byFile.get(facts);
    if (!own) {
      own = [];
      for (const fn of facts.functions) for (const op of fn.ops) own.push(...edgesAt(ctx, op));
      byFile.set(facts, own);
    }
    edges.push(...own);
  }
  graphs.set(ctx, edges);
  return edges;
}

/** The lock-order edges one operation adds (a lock taken, or a call taking locks, while others are held). */
export function edgesAt(ctx: ProgramContext, op: Op): LockEdge[] {
  const isLock = (op.kind === 'lock' || op.kind === 'rlock') && op.use === 'await' && op.target;
  const isCall = op.kind === 'call' && op.callee && op.use !== 'dropped';
  if (!isLock && !isCall) return [];
  if (!takesLocks(op.fn)) return []; // nothing can be held: spare the CFG
  const held = ctx.flow.heldBefore(op);
  if (!held.length) return [];
  const heldClasses = new Set(held.map((h) => ctx.cls(h.resource)));
  const acquisitions: { r: Resource; mode: 'lock' | 'rlock'; lockOp: Op; via: Op[] }[] = [];
  if (isLock) acquisitions.push({ r: op.target!, mode: op.kind as 'lock' | 'rlock', lockOp: op, via: [] });
  else
    for (const a of ctx.flow.summary(op.callee!).acquires) {
      const r = ctx.flow.mapToCaller(a.resource, op);
      if (r) acquisitions.push({ r, mode: a.mode, lockOp: a.op, via: [op, ...a.via] });
    }
  const out: LockEdge[] = [];
  for (const a of acquisitions)
    for (const h of held) {
      const from = ctx.cls(h.resource);
      const to = ctx.cls(a.r);
      if (from === to && h.resource.key === a.r.key) continue; // the same lock again: a self-deadlock, not an order
      out.push({
        from,
        to,
        held: h,
        acquired: a.r,
        mode: a.mode,
        site: op,
        lockOp: a.lockOp,
        via: a.via,
        heldClasses,
      });
    }
  return out;
}

/** Whether two acquisitions can wait on each other (read locks only wait for a writer). */
export function conflicts(a: 'lock' | 'rlock', b: 'lock' | 'rlock'): boolean {
  return a === 'lock' || b === 'lock';
}

/**
 * For a same-class edge (two locks of one field), the two parameters their owners come from, when
 * they do: `a.mu` and `b.mu` with `a`, `b` parameters of the same function.
 */
export function parameterOwners(edge: LockEdge): [string, string] | undefined {
  const p1 = ownerParam(edge.held.resource, edge.site.fn);
  const p2 = ownerParam(edge.acquired, edge.site.fn);
  return p1 && p2 && p1 !== p2 ? [p1, p2] : undefined;
}

function ownerParam(r: Resource, fn: FunctionFacts): string | undefined {
  const d = r.decl;
  if (!d || !(ts.isPropertyDeclaration(d) || ts.isPropertySignature(d))) return undefined;
  // r.text is "a.mu": its base must be a parameter of fn
  const base = r.text.replace(/\.[^.]+$/, '');
  if (!/^[A-Za-z_$][\w$]*$/.test(base) || ts.isSourceFile(fn.node)) return undefined;
  const param = fn.node.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === base);
  return param ? base : undefined;
}

/** The statement an op is the whole of: `await x.lock();` (for reordering). */
export function lockStatement(op: Op): ts.ExpressionStatement | ts.VariableStatement | undefined {
  let n: ts.Node = op.node;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent))) n = n.parent;
  const p = n.parent;
  if (p && ts.isExpressionStatement(p)) return p;
  if (p && ts.isVariableDeclaration(p) && p.initializer && skipParens(p.initializer) === n) {
    const st = p.parent.parent;
    if (ts.isVariableStatement(st) && st.declarationList.declarations.length === 1) return st;
  }
  return undefined;
}

const lockTaking = new WeakMap<FunctionFacts, boolean>();

/** Whether a function itself takes any lock (only then can one be held inside it). */
export function takesLocks(fn: FunctionFacts): boolean {
  let r = lockTaking.get(fn);
  if (r === undefined) {
    r = fn.ops.some((o) => o.kind === 'lock' || o.kind === 'rlock');
    lockTaking.set(fn, r);
  }
  return r;
}
