// Flow facts built on the per-function facts: which locks are held before an operation (a
// must-analysis over the CFG, `using` guards included), and per-function summaries so checks see
// through calls, across files (locks a callee takes, what it does with its parameters, whether it
// can block).
import { ts as tsMorph } from 'ts-morph';
// a plain binding: in the bundle, every `ts.x` through the import is a chain of getter calls
import ts = tsMorph;
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
  private readonly stateCache = new Map<FunctionFacts, Map<string, Map<CfgNode, Map<string, unknown>>>>();
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
    return [...this.stateBefore(op, LOCKS, 'must').values()] as Held[];
  }

  /** Locks possibly held (on some path) just before `op` runs, in its own function. */
  mayHoldBefore(op: Op): Held[] {
    return [...this.stateBefore(op, LOCKS, 'may').values()] as Held[];
  }

  /**
   * A forward dataflow over `op`'s function: the facts (keyed) that hold on every path ('must') or
   * on some path ('may') just before `op`. Exception edges carry the state before the raising node.
   */
  stateBefore<V>(op: Op, spec: StateSpec<V>, mode: 'must' | 'may'): Map<string, V> {
    const fn = op.fn;
    const node = fn.nodeOfOp(op);
    if (!node) return new Map();
    const state = new Map(this.stateIn(fn, spec, mode).get(node) ?? []);
    for (const o of this.opsAt(fn, node)) {
      if (o === op) break;
      transfer(spec, state, o);
    }
    return state;
  }

  /** The state on entry to each CFG node of a function (see stateBefore). */
  stateIn<V>(fn: FunctionFacts, spec: StateSpec<V>, mode: 'must' | 'may'): Map<CfgNode, Map<string, V>> {
    const cacheKey = `${spec.id}:${mode}`;
    let perFn = this.stateCache.get(fn);
    if (!perFn) this.stateCache.set(fn, (perFn = new Map()));
    const cached = perFn.get(cacheKey);
    if (cached) return cached as Map<CfgNode, Map<string, V>>;
    const cfg = fn.cfg;
    const inState = new Map<CfgNode, Map<string, V>>();
    inState.set(cfg.entry, new Map());
    const work: CfgNode[] = [cfg.entry];
    let guard = 0;
    while (work.length && guard++ < 50000) {
      const n = work.shift()!;
      const before = inState.get(n)!;
      const out = new Map(before);
      for (const o of this.opsAt(fn, n)) transfer(spec, out, o);
      const targets: [CfgNode, Map<string, V>][] = n.succ.map((s) => [s, out]);
      if (n.exc && n.throwsAt) targets.push([n.exc, before]);
      for (const [s, st] of targets) {
        const prev = inState.get(s);
        if (!prev) {
          inState.set(s, new Map(st));
          work.push(s);
          continue;
        }
        let changed = false;
        if (mode === 'must') {
          for (const k of [...prev.keys()])
            if (!st.has(k)) {
              prev.delete(k);
              changed = true;
            }
        } else {
          for (const [k, v] of st)
            if (!prev.has(k)) {
              prev.set(k, v);
              changed = true;
            }
        }
        if (changed) work.push(s);
      }
    }
    perFn.set(cacheKey, inState);
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

/** A dataflow fact per resource: what an op starts (gen) and what it ends (kill). */
export interface StateSpec<V> {
  /** Identifies the spec in caches: one id per meaning. */
  readonly id: string;
  gen(op: Op): { key: string; value: V } | undefined;
  kill(op: Op): string | undefined;
}

function transfer<V>(spec: StateSpec<V>, state: Map<string, V>, op: Op): void {
  const k = spec.kill(op);
  if (k !== undefined) state.delete(k);
  const g = spec.gen(op);
  if (g) state.set(g.key, g.value);
}

/** Locks held: taken by an awaited lock()/rlock() (or a `using` guard), released by unlock()/runlock(). */
export const LOCKS: StateSpec<Held> = {
  id: 'locks',
  gen: (op) =>
    (op.kind === 'lock' || op.kind === 'rlock') && op.use === 'await' && op.target
      ? { key: op.target.key, value: { resource: op.target, mode: op.kind, op } }
      : undefined,
  kill: (op) => ((op.kind === 'unlock' || op.kind === 'runlock') && op.target ? op.target.key : undefined),
};

/** Channels closed by this function: `ch.close()`. */
export const CLOSED: StateSpec<Op> = {
  id: 'closed',
  gen: (op) => (op.kind === 'close' && op.target ? { key: op.target.key, value: op } : undefined),
  kill: (op) => (op.kind === 'make' && op.target ? op.target.key : undefined),
};

function opPos(op: Op): number {
  return op.implicit ? op.node.end : op.node.getStart();
}
