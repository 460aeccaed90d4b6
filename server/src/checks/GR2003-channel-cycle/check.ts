// GR2003: goroutines that wait on each other through channels: each one's first channel operation
// receives from a channel only the next one sends on, and that one also receives first. Nobody sends,
// so all of them block forever (Tu et al., ASPLOS'19, "channel" blocking bugs: circular waits).
import type { FileFacts, FunctionFacts, Op } from '../../analysis/index.js';
import {
  closedWorldChan,
  lineOf,
  programCheck,
  type Finding,
  type ProgramCheck,
  type ProgramContext,
  type Related,
} from '../../analysis/program.js';
import { doc } from './doc.js';

export const check: ProgramCheck = programCheck(
  {
    id: 'GR2003',
    name: 'channel-cycle',
    title: 'Goroutines each wait to receive from the other before sending',
    severity: 'error',
    doc,
  },
  run,
);

/** A function whose first channel operation receives from `waits`, and which later supplies `supplies`. */
interface Party {
  readonly fn: FunctionFacts;
  readonly waits: string;
  readonly recv: Op;
  /** Channel class → the send or close supplying it. */
  readonly supplies: Map<string, Op>;
}

const CHAN_OPS = new Set<Op['kind']>(['send', 'recv', 'recvOk', 'range', 'close', 'select']);

function partyOf(ctx: ProgramContext, fn: FunctionFacts): Party | undefined {
  const chanOps = fn.ops.filter((o) => CHAN_OPS.has(o.kind));
  const first = chanOps[0];
  if (!first || (first.kind !== 'recv' && first.kind !== 'recvOk' && first.kind !== 'range'))
    return undefined;
  if (first.use === 'dropped' || !closedWorldChan(ctx, first.target)) return undefined;
  const supplies = new Map<string, Op>();
  for (const o of chanOps.slice(1))
    if ((o.kind === 'send' || o.kind === 'close') && o.target && closedWorldChan(ctx, o.target)) {
      const c = ctx.cls(o.target);
      if (!supplies.has(c)) supplies.set(c, o);
    }
  return { fn, waits: ctx.cls(first.target!), recv: first, supplies };
}

function parties(ctx: ProgramContext): Party[] {
  const cached = cache.get(ctx);
  if (cached) return cached;
  const out: Party[] = [];
  for (const f of ctx.files())
    for (const fn of f.functions) {
      const p = partyOf(ctx, fn);
      if (p) out.push(p);
    }
  cache.set(ctx, out);
  return out;
}

const cache = new WeakMap<ProgramContext, Party[]>();

/** Every function that sends on or closes a channel class (select cases included). */
function suppliers(ctx: ProgramContext, cls: string): Set<FunctionFacts> {
  return new Set(
    ctx
      .chanUsesOf(cls)
      .filter((u) => u.kind === 'send' || u.kind === 'close')
      .map((u) => u.op.fn),
  );
}

function run(ctx: ProgramContext, facts: FileFacts): Finding[] {
  const all = parties(ctx);
  const out: Finding[] = [];
  for (const p of all) {
    if (p.fn.node.getSourceFile() !== facts.sourceFile) continue;
    const cycle = findCycle(ctx, all, p);
    if (!cycle || cycle.length < 2) continue;
    const next = cycle[1]!;
    const ch = p.recv.target!.text;
    const related: Related[] = [];
    for (let i = 1; i < cycle.length; i++) {
      const q = cycle[i]!;
      const prev = cycle[i - 1]!;
      related.push({
        node: q.recv.node,
        message: `${name(q)} first waits here to receive from ${q.recv.target!.text}`,
      });
      const sendsPrev = q.supplies.get(prev.waits);
      if (sendsPrev)
        related.push({ node: sendsPrev.node, message: `… and only then sends on ${sendsPrev.target!.text}` });
    }
    out.push({
      node: p.recv.node,
      message: `receive from ${ch} waits forever: ${name(next)} is the only sender on ${ch}, and it first waits to receive from ${next.recv.target!.text} (line ${lineOf(next.recv.node)}), which ${cycle.length === 2 ? 'only this goroutine sends on, after this receive' : 'the other goroutines of the cycle supply only after their own receives'}`,
      related,
      fixes: [],
    });
  }
  return out;
}

/**
 * The parties p, q1, q2, … with q1 the only supplier of what p waits on, q2 the only supplier of
 * what q1 waits on, and so on back to p (each supplying only after its own first receive).
 */
function findCycle(ctx: ProgramContext, all: Party[], start: Party): Party[] | undefined {
  const path: Party[] = [start];
  for (let cur = start; path.length <= 6;) {
    const sup = suppliers(ctx, cur.waits);
    if (sup.size !== 1) return undefined;
    const fn = [...sup][0]!;
    const next = all.find((q) => q.fn === fn);
    if (!next || !next.supplies.has(cur.waits) || next === cur) return undefined;
    if (next === start) return path;
    if (path.includes(next)) return undefined;
    path.push(next);
    cur = next;
  }
  return undefined;
}

function name(p: Party): string {
  const fn = p.fn;
  if (fn.spawnedBy.length && fn.name.startsWith('function at'))
    return `the goroutine started at line ${lineOf(fn.spawnedBy[0]!.node)}`;
  return fn.name === '<module>' ? 'the module' : `${fn.name}()`;
}
