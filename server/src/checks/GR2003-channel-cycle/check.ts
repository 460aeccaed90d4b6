// GR2003: goroutines that wait on each other through channels: each one's first channel operation
// waits on a channel (a receive, or a send on an unbuffered channel) whose only partner is the next
// goroutine, and that one also first waits before it does its part. Nobody moves, so all of them
// block forever (Tu et al., ASPLOS'19, "channel" blocking bugs: circular waits).
import { ts } from 'ts-morph';
import type { FileFacts, FunctionFacts, Op } from '../../analysis/index.js';
import {
  closedWorldChan,
  lineOf,
  programCheck,
  statementOf,
  type Finding,
  type Fix,
  type ProgramCheck,
  type ProgramContext,
  type Related,
} from '../../analysis/program.js';
import { doc } from './doc.js';

export const check: ProgramCheck = programCheck(
  {
    id: 'GR2003',
    name: 'channel-cycle',
    title: 'Goroutines each wait on the other before doing their part',
    severity: 'error',
    doc,
  },
  run,
);

/**
 * A function whose first channel operation waits on `waits` (a receive, or a send on an unbuffered
 * channel), and which later does its part for others: sends or closes (`supplies`), receives (`takes`).
 */
interface Party {
  readonly fn: FunctionFacts;
  readonly waits: string;
  readonly first: Op;
  readonly sends: boolean;
  /** Channel class → the later send or close that a receiver of it waits for. */
  readonly supplies: Map<string, Op>;
  /** Channel class → the later receive that a sender on it waits for. */
  readonly takes: Map<string, Op>;
}

const CHAN_OPS = new Set<Op['kind']>(['send', 'recv', 'recvOk', 'range', 'close', 'select']);

function unbuffered(ctx: ProgramContext, cls: string): boolean {
  const makes = ctx.opsOn(cls).filter((o) => o.kind === 'make');
  return makes.length > 0 && makes.every((m) => m.capacity === 0);
}

function partyOf(ctx: ProgramContext, fn: FunctionFacts): Party | undefined {
  const chanOps = fn.ops.filter((o) => CHAN_OPS.has(o.kind));
  const first = chanOps[0];
  if (!first || first.use === 'dropped' || !closedWorldChan(ctx, first.target)) return undefined;
  const waits = ctx.cls(first.target!);
  const sends = first.kind === 'send';
  if (sends) {
    if (first.use !== 'await' || !unbuffered(ctx, waits)) return undefined;
  } else if (first.kind !== 'recv' && first.kind !== 'recvOk' && first.kind !== 'range') return undefined;
  const supplies = new Map<string, Op>();
  const takes = new Map<string, Op>();
  for (const o of chanOps.slice(1)) {
    if (!o.target || !closedWorldChan(ctx, o.target)) continue;
    const c = ctx.cls(o.target);
    if ((o.kind === 'send' || o.kind === 'close') && !supplies.has(c)) supplies.set(c, o);
    if ((o.kind === 'recv' || o.kind === 'recvOk' || o.kind === 'range') && !takes.has(c)) takes.set(c, o);
  }
  return { fn, waits, first, sends, supplies, takes };
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

/** Every function that could unblock a party's first operation: senders and closers for a receive, receivers for a send. */
function partners(ctx: ProgramContext, p: Party): Set<FunctionFacts> {
  return new Set(
    ctx
      .chanUsesOf(p.waits)
      .filter((u) =>
        p.sends ? u.kind === 'recv' || u.kind === 'range' : u.kind === 'send' || u.kind === 'close',
      )
      .map((u) => u.op.fn),
  );
}

/** The later operation of `q` that would unblock `p`. */
function partOf(q: Party, p: Party): Op | undefined {
  return p.sends ? q.takes.get(p.waits) : q.supplies.get(p.waits);
}

function run(ctx: ProgramContext, facts: FileFacts): Finding[] {
  const all = parties(ctx);
  const out: Finding[] = [];
  for (const p of all) {
    if (p.fn.node.getSourceFile() !== facts.sourceFile) continue;
    const cycle = findCycle(ctx, all, p);
    if (!cycle || cycle.length < 2) continue;
    const next = cycle[1]!;
    const ch = p.first.target!.text;
    const related: Related[] = [];
    for (let i = 1; i < cycle.length; i++) {
      const q = cycle[i]!;
      const prev = cycle[i - 1]!;
      related.push({ node: q.first.node, message: `${name(q)} first waits here to ${verb(q)}` });
      const part = partOf(q, prev);
      if (part) related.push({ node: part.node, message: `… and only then ${doesPart(part)}` });
    }
    const waitsOn = p.sends ? `send on ${ch} blocks forever` : `receive from ${ch} waits forever`;
    const only = p.sends ? `the only receiver from ${ch}` : `the only sender on ${ch}`;
    const back =
      cycle.length === 2
        ? `which only this goroutine ${next.sends ? 'receives from' : 'sends on'}, after this ${p.sends ? 'send' : 'receive'}`
        : 'which the other goroutines of the cycle do their part for only after their own first operations';
    out.push({
      node: p.first.node,
      message: `${waitsOn}: ${name(next)} is ${only}, and it first waits to ${verb(next)} (line ${lineOf(next.first.node)}), ${back}`,
      related,
      fixes: fixFor(ctx, cycle),
    });
  }
  return out;
}

function verb(q: Party): string {
  const t = q.first.target!.text;
  return q.sends ? `send on ${t}` : `receive from ${t}`;
}

function doesPart(o: Op): string {
  const t = o.target!.text;
  return o.kind === 'send' ? `sends on ${t}` : o.kind === 'close' ? `closes ${t}` : `receives from ${t}`;
}

/**
 * The parties p, q1, q2, … with q1 the only partner of what p waits on, q2 the only partner of
 * what q1 waits on, and so on back to p (each doing its part only after its own first operation).
 */
function findCycle(ctx: ProgramContext, all: Party[], start: Party): Party[] | undefined {
  const path: Party[] = [start];
  for (let cur = start; path.length <= 6;) {
    const sup = partners(ctx, cur);
    if (sup.size !== 1) return undefined;
    const fn = [...sup][0]!;
    const next = all.find((q) => q.fn === fn);
    if (!next || next === cur || !partOf(next, cur)) return undefined;
    if (next === start) return path;
    if (path.includes(next)) return undefined;
    path.push(next);
    cur = next;
  }
  return undefined;
}

/** The same fix for every finding of one cycle, so applying them all applies it once. */
function fixFor(ctx: ProgramContext, cycle: Party[]): Fix[] {
  const sorted = [...cycle].sort((a, b) => pos(a.first) - pos(b.first));
  for (const q of sorted) {
    const f = bufferFix(ctx, q);
    if (f) return [f];
  }
  for (const q of sorted) {
    const f = sendFirstFix(cycle, q);
    if (f) return [f];
  }
  return [];
}

function pos(o: Op): number {
  return o.node.getStart() + (o.node.getSourceFile().fileName.length << 20);
}

/**
 * A buffer of 1 on the channel a party first sends on, when that send is the channel's only one
 * (not in a loop, only this party sends on it): the buffer is empty then, so the send completes and
 * the party goes on to do its part for the others.
 */
function bufferFix(ctx: ProgramContext, q: Party): Fix | undefined {
  if (!q.sends || q.first.loops.length) return undefined;
  const senders = ctx.chanUsesOf(q.waits).filter((u) => u.kind === 'send');
  if (senders.length !== 1 || senders[0]!.op !== q.first) return undefined;
  const makes = ctx.opsOn(q.waits).filter((o) => o.kind === 'make');
  if (makes.length !== 1) return undefined;
  const call = makes[0]!.node;
  if (!ts.isCallExpression(call) || call.arguments.length) return undefined;
  const sf = call.getSourceFile();
  return {
    title: `give ${makes[0]!.target?.text ?? q.first.target!.text} a buffer of 1 so its send completes`,
    edits: [{ fileName: sf.fileName, start: call.arguments.pos, end: call.arguments.end, newText: '1' }],
  };
}

/**
 * In a cycle of two receives, the party whose part is a send statement right after its receive,
 * sending a value that cannot depend on what it received: the send moves first, so this side
 * speaks first (the other side, receiving first, then answers).
 */
function sendFirstFix(cycle: Party[], q: Party): Fix | undefined {
  if (cycle.length !== 2 || cycle.some((p) => p.sends)) return undefined;
  const other = cycle.find((p) => p !== q)!;
  const send = q.supplies.get(other.waits);
  if (!send || send.kind !== 'send' || send.use !== 'await' || send.loops.length || q.first.loops.length)
    return undefined;
  const recvStmt = statementOf(q.first.node);
  const sendStmt = statementOf(send.node);
  if (!recvStmt || !sendStmt || !ts.isBlock(recvStmt.parent) || recvStmt.parent !== sendStmt.parent)
    return undefined;
  const stmts = recvStmt.parent.statements;
  if (stmts.indexOf(sendStmt) !== stmts.indexOf(recvStmt) + 1) return undefined;
  if (!ts.isExpressionStatement(sendStmt) || !ts.isAwaitExpression(sendStmt.expression)) return undefined;
  if (!independent(send.node as ts.CallExpression, recvStmt, q.fn.node)) return undefined;
  const sf = recvStmt.getSourceFile();
  // each statement moves with the rest of its line (a comment after it)
  const a = recvStmt.getStart(sf);
  const aEnd = lineEnd(sf, recvStmt.end);
  const b = sendStmt.getStart(sf);
  const bEnd = lineEnd(sf, sendStmt.end);
  const rest = (from: number, to: number) => sf.text.slice(from, to).trim();
  if (rest(aEnd, b) || !lineStartsAt(sf, a) || !lineStartsAt(sf, b)) return undefined;
  for (const t of [rest(recvStmt.end, aEnd), rest(sendStmt.end, bEnd)])
    if (t && !t.startsWith('//')) return undefined;
  return {
    title: `send on ${send.target!.text} before receiving from ${q.first.target!.text}`,
    edits: [
      { fileName: sf.fileName, start: a, end: aEnd, newText: sf.text.slice(b, bEnd) },
      { fileName: sf.fileName, start: b, end: bEnd, newText: sf.text.slice(a, aEnd) },
    ],
  };
}

function lineStartsAt(sf: ts.SourceFile, p: number): boolean {
  return !sf.text.slice(sf.text.lastIndexOf('\n', p - 1) + 1, p).trim();
}

function lineEnd(sf: ts.SourceFile, p: number): number {
  const e = sf.text.indexOf('\n', p);
  return e < 0 ? sf.text.length : e;
}

/**
 * Whether a send's operands cannot read what the receive statement wrote: they name no variable the
 * statement declares or assigns, and call nothing declared inside the party's function (a closure
 * could read it).
 */
function independent(send: ts.CallExpression, recvStmt: ts.Statement, fn: ts.Node): boolean {
  const written = new Set<string>();
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) written.add(n.name.text);
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      if (!ts.isIdentifier(n.left))
        written.add('\0'); // a field or element: anything could read it
      else written.add(n.left.text);
    }
    n.forEachChild(collect);
  };
  collect(recvStmt);
  if (written.has('\0')) return false;
  if (!ts.isPropertyAccessExpression(send.expression)) return false;
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n) && written.has(n.text)) ok = false;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (!ts.isIdentifier(callee) || declaredWithin(callee, fn)) ok = false;
    }
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) ok = false;
    n.forEachChild(visit);
  };
  visit(send.expression.expression);
  for (const a of send.arguments) visit(a);
  return ok;
}

/** Whether an identifier's name is declared (as a variable or function) anywhere inside `fn`, or in a function around it. */
function declaredWithin(id: ts.Identifier, fn: ts.Node): boolean {
  for (let scope: ts.Node | undefined = fn; scope && !ts.isSourceFile(scope); scope = scope.parent) {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (
        (ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isParameter(n)) &&
        n.name &&
        ts.isIdentifier(n.name) &&
        n.name.text === id.text
      )
        found = true;
      n.forEachChild(visit);
    };
    visit(scope);
    if (found) return true;
  }
  return false;
}

function name(p: Party): string {
  const fn = p.fn;
  if (fn.spawnedBy.length && fn.name.startsWith('function at'))
    return `the goroutine started at line ${lineOf(fn.spawnedBy[0]!.node)}`;
  return fn.name === '<module>' ? 'the module' : `${fn.name}()`;
}
