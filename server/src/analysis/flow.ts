// Flow facts built on the per-function facts: which locks are held before an operation (a
// must-analysis over the CFG, `using` guards included), and per-function summaries so checks see
// through calls, across files (locks a callee takes, what it does with its parameters, whether it
// can block).
import { ts } from 'ts-morph';
import type { CfgNode } from './cfg.js';
import { ResourceResolver, type FunctionFacts, type Op, type Resource } from './facts.js';
import type { Workspace } from './workspace.js';

export interface Held {
  readonly resource: Resource;
  readonly mode: 'lock' | 'rlock';
  /** Where it was taken. */
  readonly op: Op;
}

export interface Acquisition {
  /** The lock, as the summarised function names it (a parameter keeps its paramIndex). */
  readonly resource: Resource;
  readonly mode: 'lock' | 'rlock';
  /** The lock operation itself. */
  readonly op: Op;
  /** The calls from the summarised function down to `op` (empty when it is direct). */
  readonly via: readonly Op[];
}

export interface Summary {
  /** Locks the function may take while it runs, directly or through calls. */
  readonly acquires: readonly Acquisition[];
  /** Operations performed on each parameter (by index), directly or by callees it is passed to. */
  readonly paramOps: ReadonlyMap<number, readonly Op[]>;
  /** A blocking operation (send, receive, range, select, lock, wait, sleep) it may perform, directly or through calls. */
  readonly blocks: Op | undefined;
}

const BLOCKING = new Set<Op['kind']>([
  'send',
  'recv',
  'recvOk',
  'range',
  'select',
  'lock',
  'rlock',
  'wgWait',
  'groupWait',
  'sleep',
  'condWait',
  'acquire',
]);

export function isBlocking(op: Op): boolean {
  if (op.kind === 'select') return !op.cases?.some((c) => c.kind === 'otherwise');
  return BLOCKING.has(op.kind);
}

/** Flow queries over one workspace state; create a new one after the workspace changes. */
export class Flow {
  private readonly summaries = new Map<ts.Node, Summary>();
  private readonly heldCache = new Map<FunctionFacts, Map<CfgNode, Map<string, Held>>>();
  private readonly opsByNode = new Map<FunctionFacts, Map<CfgNode, Op[]>>();
  readonly resolver: ResourceResolver;

  constructor(readonly ws: Workspace) {
    this.resolver = new ResourceResolver(ws.getChecker());
  }

  /** The ops a CFG node evaluates, in evaluation (source) order. */
  opsAt(fn: FunctionFacts, node: CfgNode): Op[] {
    let m = this.opsByNode.get(fn);
    if (!m) {
      m = new Map();
      for (const op of fn.ops) {
        const n = fn.nodeOfOp(op);
        if (!n) continue;
        const list = m.get(n) ?? [];
        list.push(op);
        m.set(n, list);
      }
      for (const list of m.values()) list.sort((a, b) => opPos(a) - opPos(b));
      this.opsByNode.set(fn, m);
    }
    return m.get(node) ?? [];
  }

  /** Locks definitely held (on every path) just before `op` runs, in its own function. */
  heldBefore(op: Op): Held[] {
    const fn = op.fn;
    const node = fn.nodeOfOp(op);
    if (!node) return [];
    const state = new Map(this.heldIn(fn).get(node) ?? []);
    for (const o of this.opsAt(fn, node)) {
      if (o === op) break;
      apply(state, o);
    }
    return [...state.values()];
  }

  /** Locks definitely held on entry to each CFG node (a forward must-analysis). */
  heldIn(fn: FunctionFacts): Map<CfgNode, Map<string, Held>> {
    const cached = this.heldCache.get(fn);
    if (cached) return cached;
    const cfg = fn.cfg;
    const inState = new Map<CfgNode, Map<string, Held>>();
    inState.set(cfg.entry, new Map());
    const work: CfgNode[] = [cfg.entry];
    const outOf = (n: CfgNode) => {
      const s = new Map(inState.get(n)!);
      for (const o of this.opsAt(fn, n)) apply(s, o);
      return s;
    };
    let guard = 0;
    while (work.length && guard++ < 20000) {
      const n = work.shift()!;
      const out = outOf(n);
      const targets: [CfgNode, Map<string, Held>][] = n.succ.map((s) => [s, out]);
      if (n.exc && n.throwsAt) targets.push([n.exc, inState.get(n)!]);
      for (const [s, st] of targets) {
        const prev = inState.get(s);
        if (!prev) {
          inState.set(s, new Map(st));
          work.push(s);
          continue;
        }
        let changed = false;
        for (const k of [...prev.keys()])
          if (!st.has(k)) {
            prev.delete(k);
            changed = true;
          }
        if (changed) work.push(s);
      }
    }
    this.heldCache.set(fn, inState);
    return inState;
  }

  /** The summary of a function declaration of the project (cached; recursion is cut). */
  summary(decl: ts.FunctionLikeDeclaration, depth = 0): Summary {
    const cached = this.summaries.get(decl);
    if (cached) return cached;
    const empty: Summary = { acquires: [], paramOps: new Map(), blocks: undefined };
    this.summaries.set(decl, empty); // recursion
    const fn = this.ws.functionFacts(decl);
    if (!fn || depth > 8) return empty;
    const acquires: Acquisition[] = [];
    const paramOps = new Map<number, Op[]>();
    let blocks: Op | undefined;
    const addParamOp = (i: number, op: Op) => {
      const l = paramOps.get(i) ?? [];
      l.push(op);
      paramOps.set(i, l);
    };
    for (const op of fn.ops) {
      if (op.kind === 'lock' || op.kind === 'rlock')
        if (op.target && op.use === 'await')
          acquires.push({ resource: op.target, mode: op.kind, op, via: [] });
      if (op.target?.paramIndex !== undefined) addParamOp(op.target.paramIndex, op);
      if (!blocks && isBlocking(op) && op.use !== 'dropped') blocks = op;
      if (op.kind === 'call' && op.callee && op.use !== 'dropped') {
        const s = this.summary(op.callee, depth + 1);
        for (const a of s.acquires) {
          const r = this.mapToCaller(a.resource, op);
          if (r) acquires.push({ resource: r, mode: a.mode, op: a.op, via: [op, ...a.via] });
        }
        for (const [i, list] of s.paramOps) {
          const arg = op.args[i];
          const r = arg ? this.resolver.resourceOf(arg, fn) : undefined;
          if (r?.paramIndex !== undefined) for (const o of list) addParamOp(r.paramIndex, o);
        }
        if (!blocks && s.blocks) blocks = op;
      }
    }
    const s: Summary = { acquires, paramOps, blocks };
    this.summaries.set(decl, s);
    return s;
  }

  /** A callee's resource as the caller names it: parameters map to arguments, fields and globals stay. */
  mapToCaller(r: Resource, call: Op): Resource | undefined {
    if (r.paramIndex === undefined) return r;
    const arg = call.args[r.paramIndex];
    return arg ? this.resolver.resourceOf(arg, call.fn) : undefined;
  }

  /** The goroutine body a function runs in: itself when spawned, else the nearest spawned ancestor, else the top level. */
  goroutineOf(fn: FunctionFacts): FunctionFacts {
    for (let f: FunctionFacts | undefined = fn; f; f = f.parent)
      if (f.spawnedBy.length || !f.parent) return f;
    return fn;
  }
}

function apply(state: Map<string, Held>, op: Op): void {
  if (!op.target) return;
  if ((op.kind === 'lock' || op.kind === 'rlock') && op.use === 'await')
    state.set(op.target.key, { resource: op.target, mode: op.kind, op });
  else if (op.kind === 'unlock' || op.kind === 'runlock') state.delete(op.target.key);
}

function opPos(op: Op): number {
  return op.implicit ? op.node.end : op.node.getStart();
}
