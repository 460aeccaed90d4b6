// GR3001: a goroutine blocks (channel send or receive, wg.wait(), an errgroup's wait(), cond.wait()
// on another lock's condition, or a call that does one of these) while it holds a mutex, and the
// goroutine that would unblock it needs that same mutex first: each waits for the other (Tu et al.,
// ASPLOS'19, "channel with lock" and "Wait" blocking bugs).

import { ts } from 'ts-morph';
import type { FileFacts, FunctionFacts, Held, Op } from '../../analysis/index.js';
import {
  className,
  indentAt,
  type Fix,
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
        fixes: held.length === 1 ? moveAfterUnlock(ctx, op, h) : [],
      };
    }
  }
  return undefined;
}

/**
 * GFix's "move" repair, offered only where it is local and cannot change what the locked region
 * computes: the blocking statement is `await <op>;` directly followed by the unlock of the lock
 * (`…; await ch.send(v); mu.unlock();`), or the last statement of a `try` whose `finally` only
 * unlocks it. The operation then runs just after the unlock instead of just before it. Its operands
 * must be constants or locals (a field read would leave the lock's protection); nothing else moves.
 */
function moveAfterUnlock(ctx: ProgramContext, op: Op, h: Held): Fix[] {
  if (op.kind === 'call' || op.use !== 'await') return [];
  const awaited = op.node.parent;
  const stmt = awaited && ts.isAwaitExpression(awaited) ? awaited.parent : undefined;
  if (!stmt || !ts.isExpressionStatement(stmt) || !ts.isBlock(stmt.parent)) return [];
  if (!stableOperands(op)) return [];
  const sf = stmt.getSourceFile();
  const unlockKind = h.mode === 'rlock' ? 'runlock' : 'unlock';
  const isUnlock = (st: ts.Statement | undefined): boolean => {
    if (!st || !ts.isExpressionStatement(st)) return false;
    const u = op.fn.ops.find((o) => o.node === st.expression);
    return (
      !!u &&
      u.kind === unlockKind &&
      !!u.target &&
      ctx.cls(u.target) === ctx.cls(h.resource) &&
      u.target.text === h.resource.text
    );
  };
  const block = stmt.parent;
  const next = block.statements[block.statements.indexOf(stmt) + 1];
  const what = `${describe(op, op)} after ${h.resource.text}.${unlockKind}()`;
  if (isUnlock(next)) {
    const cut = ownLine(sf, next!);
    if (!cut) return [];
    return [
      {
        title: `move the ${what}`,
        edits: [
          {
            fileName: sf.fileName,
            start: stmt.getStart(sf),
            end: stmt.getStart(sf),
            newText: `${next!.getText(sf)}\n${indentAt(sf, stmt.getStart(sf))}`,
          },
          { fileName: sf.fileName, start: cut.start, end: cut.end, newText: '' },
        ],
      },
    ];
  }
  // the last statement of `try { … } finally { mu.unlock(); }`
  const tryStmt = block.parent;
  if (
    next ||
    !ts.isTryStatement(tryStmt) ||
    tryStmt.tryBlock !== block ||
    tryStmt.catchClause ||
    !tryStmt.finallyBlock ||
    tryStmt.finallyBlock.statements.length !== 1 ||
    !isUnlock(tryStmt.finallyBlock.statements[0]) ||
    block.statements.length < 2 ||
    !ts.isBlock(tryStmt.parent)
  )
    return [];
  const cut = ownLine(sf, stmt);
  if (!cut) return [];
  return [
    {
      title: `move the ${what}`,
      edits: [
        { fileName: sf.fileName, start: cut.start, end: cut.end, newText: '' },
        {
          fileName: sf.fileName,
          start: tryStmt.end,
          end: tryStmt.end,
          newText: `\n${indentAt(sf, tryStmt.getStart(sf))}${sf.text.slice(stmt.getStart(sf), cut.end)}`,
        },
      ],
    },
  ];
}

/** The span of a statement that sits alone on its line (comments after it included), from the line break before it. */
function ownLine(sf: ts.SourceFile, st: ts.Statement): { start: number; end: number } | undefined {
  const start = st.getStart(sf);
  const lineStart = sf.text.lastIndexOf('\n', start - 1);
  if (lineStart < 0 || sf.text.slice(lineStart + 1, start).trim()) return undefined;
  let end = sf.text.indexOf('\n', st.end);
  if (end < 0) end = sf.text.length;
  const rest = sf.text.slice(st.end, end).trim();
  if (rest && !rest.startsWith('//')) return undefined;
  if (sf.text.slice(start, st.end).includes('\n')) return undefined;
  return { start: lineStart, end };
}

/**
 * Whether the operation reads nothing the lock may protect: its receiver and arguments are literals,
 * const or readonly bindings, parameters and locals, with no call and no mutable field read.
 */
function stableOperands(op: Op): boolean {
  const call = op.node;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const parts: ts.Expression[] = [call.expression.expression, ...call.arguments];
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isAwaitExpression(n) || ts.isFunctionLike(n)) {
      ok = false;
      return;
    }
    if (ts.isPropertyAccessExpression(n)) {
      if (n.expression.kind !== ts.SyntaxKind.ThisKeyword || !readonlyField(n)) ok = false;
      return;
    }
    if (ts.isElementAccessExpression(n)) {
      ok = false;
      return;
    }
    n.forEachChild(visit);
  };
  for (const p of parts) visit(p);
  return ok;
}

function readonlyField(n: ts.PropertyAccessExpression): boolean {
  const name = n.name.text;
  let cls: ts.Node | undefined = n;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  const member = cls && (cls as ts.ClassLikeDeclaration).members.find((m) => m.name?.getText() === name);
  return (
    !!member &&
    ts.isPropertyDeclaration(member) &&
    !!ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword)
  );
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
