// GR3001: a goroutine blocks (channel send or receive, wg.wait(), an errgroup's wait(), cond.wait()
// on another lock's condition, or a call that does one of these) while it holds a mutex, and the
// goroutine that would unblock it needs that same mutex first: each waits for the other (Tu et al.,
// ASPLOS'19, "channel with lock" and "Wait" blocking bugs).

import type { FileFacts, FunctionFacts, Held, Op } from '../../analysis/index.js';
import {
  className,
  lineOf,
  programCheck,
  type Finding,
  type ProgramCheck,
  type ProgramContext,
} from '../../analysis/program.js';
import { takesLocks } from '../../analysis/lockclass.js';
import { doc } from './doc.js';

export const check: ProgramCheck = programCheck(
  {
    id: 'GR3001',
    name: 'blocking-under-lock',
    title: 'A goroutine blocks while holding a lock the goroutine that would unblock it needs',
    severity: 'error',
    doc,
  },
  run,
);

const BLOCKING = new Set<Op['kind']>([
  'send',
  'recv',
  'recvOk',
  'range',
  'wgWait',
  'groupWait',
  'condWait',
  'call',
]);

function run(ctx: ProgramContext, facts: FileFacts): Finding[] {
  const out: Finding[] = [];
  for (const op of facts.ops) {
    if (!BLOCKING.has(op.kind) || op.use === 'dropped' || op.use === 'value') continue;
    if (!takesLocks(op.fn)) continue;
    let held = ctx.flow.heldBefore(op);
    if (!held.length) continue;
    const leaf = blockingLeaf(ctx, op);
    if (!leaf) continue;
    if (leaf.kind === 'condWait') {
      const own = condLocker(ctx, leaf);
      held = held.filter((h) => ctx.cls(h.resource) !== own);
      if (!held.length) continue;
    }
    const f = partnerNeeding(ctx, op, leaf, held);
    if (f) out.push(f);
  }
  return out;
}

/** The blocking runtime operation an op is or leads to through calls (fields and globals only past the first call). */
function blockingLeaf(ctx: ProgramContext, op: Op): Op | undefined {
  let cur: Op | undefined = op;
  for (let depth = 0; cur && cur.kind === 'call' && depth < 6; depth++) {
    if (!cur.callee) return undefined;
    const next: Op | undefined = ctx.flow.summary(cur.callee).blocks;
    if (!next) return undefined;
    cur = next;
  }
  if (!cur || cur.kind === 'call') return undefined;
  if (cur !== op && cur.target?.paramIndex !== undefined) return undefined;
  return BLOCKING.has(cur.kind) ? cur : undefined;
}

function condLocker(ctx: ProgramContext, wait: Op): string | undefined {
  if (!wait.target) return undefined;
  const made = ctx.opsOn(ctx.cls(wait.target)).find((o) => o.kind === 'new' && o.name === 'Cond');
  const arg = made?.args[0];
  if (!arg || !made) return undefined;
  const r = ctx.flow.resolver.resourceOf(arg, made.fn);
  return r ? ctx.cls(r) : undefined;
}

interface Partner {
  readonly op: Op;
  /** What the partner does that would unblock the waiter. */
  readonly does: string;
  /** Whether any acquisition in the partner's function counts (a spawned body: done() runs at its end). */
  readonly wholeBody: boolean;
}

function partnersOf(ctx: ProgramContext, leaf: Op): Partner[] {
  const t = leaf.target;
  if (!t) return [];
  const cls = ctx.cls(t);
  const uses = ctx.chanUsesOf(cls);
  switch (leaf.kind) {
    case 'send':
      return uses
        .filter((u) => u.kind === 'recv' || u.kind === 'range')
        .map((u) => ({ op: u.op, does: `receives from ${t.text}`, wholeBody: false }));
    case 'recv':
    case 'recvOk':
    case 'range':
      return uses
        .filter((u) => u.kind === 'send' || u.kind === 'close')
        .map((u) => ({
          op: u.op,
          does: u.kind === 'send' ? `sends on ${t.text}` : `closes ${t.text}`,
          wholeBody: false,
        }));
    case 'wgWait':
    case 'groupWait': {
      const out: Partner[] = [];
      for (const o of ctx.opsOn(cls)) {
        if (o.kind === 'wgDone') out.push({ op: o, does: `calls ${t.text}.done()`, wholeBody: false });
        if (o.kind === 'spawn' && o.spawned) {
          const body = ctx.ws.functionFacts(o.spawned);
          const first = body?.ops[0];
          if (body && first) out.push({ op: first, does: `runs in ${t.text}.go()`, wholeBody: true });
        }
      }
      return out;
    }
    case 'condWait':
      return ctx
        .opsOn(cls)
        .filter((o) => o.kind === 'condSignal')
        .map((o) => ({ op: o, does: `calls ${t.text}.${o.name}()`, wholeBody: false }));
  }
  return [];
}

function partnerNeeding(ctx: ProgramContext, op: Op, leaf: Op, held: Held[]): Finding | undefined {
  if (leaf.kind === 'send' && !unbuffered(ctx, leaf)) return undefined;
  for (const p of partnersOf(ctx, leaf)) {
    if (p.op.fn === op.fn) continue;
    for (const h of held) {
      const need = acquiresBefore(ctx, p.op.fn, p.op, ctx.cls(h.resource), p.wholeBody);
      if (!need) continue;
      // two read locks do not wait for each other
      if (
        h.mode === 'rlock' &&
        (need.kind === 'rlock' || ctx.flow.heldBefore(p.op).some((x) => x.op === need && x.mode === 'rlock'))
      )
        continue;
      const what = describe(leaf, op);
      const lock = className(h.resource);
      return {
        node: op.node,
        message: `${what} while holding ${lock} can block forever: ${name(p.op.fn)} takes ${lock} (line ${lineOf(need.node)}) before it ${p.does} (line ${lineOf(p.op.node)})`,
        related: [
          { node: h.op.node, message: `${lock} is held from here` },
          { node: need.node, message: `the goroutine that would unblock it waits for ${lock} here` },
          { node: p.op.node, message: `… and only then ${p.does}` },
        ],
        fixes: [],
      };
    }
  }
  return undefined;
}

function unbuffered(ctx: ProgramContext, send: Op): boolean {
  const made = send.target && ctx.opsOn(ctx.cls(send.target)).find((o) => o.kind === 'make');
  return made?.capacity === 0;
}

/** A lock of class `cls` the function takes before `at` (in source order), directly or through a call. */
function acquiresBefore(
  ctx: ProgramContext,
  fn: FunctionFacts,
  at: Op,
  cls: string,
  whole: boolean,
): Op | undefined {
  const held = ctx.flow.heldBefore(at).find((h) => ctx.cls(h.resource) === cls);
  if (held) return held.op;
  for (const o of fn.ops) {
    if (!whole && o.node.getStart() >= at.node.getStart()) break;
    if (
      (o.kind === 'lock' || o.kind === 'rlock') &&
      o.use === 'await' &&
      o.target &&
      ctx.cls(o.target) === cls
    )
      return o;
    if (o.kind === 'call' && o.callee && o.use !== 'dropped')
      for (const a of ctx.flow.summary(o.callee).acquires) {
        const r = ctx.flow.mapToCaller(a.resource, o);
        if (r && ctx.cls(r) === cls) return o;
      }
  }
  // the partner's goroutine is a closure: its parent's locks before the spawn do not count, but a loop around it does
  return undefined;
}

function describe(leaf: Op, op: Op): string {
  const t = leaf.target?.text ?? '';
  const base =
    leaf.kind === 'send'
      ? `send on ${t}`
      : leaf.kind === 'recv' || leaf.kind === 'recvOk'
        ? `receive from ${t}`
        : leaf.kind === 'range'
          ? `range over ${t}`
          : leaf.kind === 'condWait'
            ? `${t}.wait()`
            : `${t}.wait()`;
  return op === leaf ? base : `${op.name}() (it does a ${base} at line ${lineOf(leaf.node)})`;
}

function name(fn: FunctionFacts): string {
  if (fn.spawnedBy.length && fn.name.startsWith('function at'))
    return `the goroutine started at line ${lineOf(fn.spawnedBy[0]!.node)}`;
  return fn.name === '<module>' ? 'the module' : `${fn.name}()`;
}
