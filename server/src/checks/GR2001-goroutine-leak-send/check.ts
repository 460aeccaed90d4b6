// GR2001: a goroutine's send that no one will ever receive. The parent made the channel, started the
// goroutine and then, on some path, stops receiving: it returns early, a select takes its timeout or
// cancellation case, it receives once while several goroutines send, it breaks out of its receive
// loop, or the goroutine sends a second time after an error send whose `return` is missing. The
// blocked sender is a leak (Tu et al., ASPLOS'19, "channel" blocking bugs; GFix's first pattern).
import { ts } from 'ts-morph';
import {
  findEscape,
  reachable,
  skipParens,
  type CfgNode,
  type FileFacts,
  type FunctionFacts,
  type Op,
  type SelectCase,
} from '../../analysis/index.js';
import {
  type ChanUse,
  className,
  closedWorldChan,
  indentAt,
  lineOf,
  localChanOf,
  statementOf,
  within,
  type Finding,
  type Fix,
  type LocalChan,
  programCheck,
  type ProgramCheck,
  type ProgramContext,
  type Related,
} from '../../analysis/program.js';
import { doc } from './doc.js';

export const check: ProgramCheck = programCheck(
  {
    id: 'GR2001',
    name: 'goroutine-leak-send',
    title: 'A goroutine sends on a channel no one will receive from',
    severity: 'error',
    doc,
  },
  run,
);

function run(ctx: ProgramContext, facts: FileFacts): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<Op>();
  const offered = new Set<string>();
  for (const spawn of facts.ops) {
    if (spawn.kind !== 'spawn' || !spawn.spawned) continue;
    const g = ctx.ws.functionFacts(spawn.spawned);
    if (!g || g.node !== spawn.spawned) continue;
    const parent = spawn.fn;
    for (const s of sendsOf(ctx, g)) {
      if (s.use === 'value' || seen.has(s)) continue;
      const lc = localChanOf(ctx, s.target);
      const f =
        !lc || lc.escapes || lc.owner !== parent || lc.make.capacity === undefined
          ? (fieldWaitFirst(ctx, spawn, g, s) ?? fieldLeak(ctx, spawn, s))
          : examine(ctx, lc, spawn, g, s);
      if (f) {
        seen.add(s);
        // one channel's fix is offered once, so applying every fix applies it once
        const key = JSON.stringify(f.fixes.map((x) => x.edits));
        const fixes = f.fixes.length && offered.has(key) ? [] : f.fixes;
        offered.add(key);
        // a send in another file is reported where this file starts its goroutine
        out.push({ ...f, fixes, node: s.node.getSourceFile() === facts.sourceFile ? f.node : spawn.node });
      }
    }
  }
  for (const r of facts.ops)
    if (r.kind === 'range') {
      const f = generatorLeft(ctx, r);
      if (f) out.push(f);
    }
  for (const sel of facts.ops)
    if (sel.kind === 'select') {
      const f = factoryAbandoned(ctx, sel, seen);
      if (f) out.push(f);
    }
  for (const s of facts.ops)
    if (s.kind === 'send' && !seen.has(s)) {
      const f = selfDeadlock(ctx, s) ?? receiverGone(ctx, s);
      if (f) out.push(f);
    }
  return out;
}

/** A field's unbuffered channel, seen in every use: its class and channel uses. */
function closedField(
  ctx: ProgramContext,
  s: Op,
): { cls: string; uses: readonly ChanUse[]; make: Op } | undefined {
  const t = s.target;
  if (s.use !== 'await' || !t?.decl || !ts.isPropertyDeclaration(t.decl)) return undefined;
  if (!closedWorldChan(ctx, t)) return undefined;
  const cls = ctx.cls(t);
  const makes = ctx.opsOn(cls).filter((o) => o.kind === 'make');
  if (!makes.length || makes.some((m) => m.capacity !== 0)) return undefined;
  return { cls, uses: ctx.chanUsesOf(cls), make: makes[0]! };
}

/**
 * A goroutine's send on a field's unbuffered channel that only the function starting it receives
 * from (itself or through a helper), after waiting (wg.wait(), an errgroup's wait()) for that same
 * goroutine.
 */
function fieldWaitFirst(ctx: ProgramContext, spawn: Op, g: FunctionFacts, s: Op): Finding | undefined {
  const f = closedField(ctx, s);
  if (!f) return undefined;
  const parent = spawn.fn;
  const helpers = helperReceives(ctx, parent, f.uses);
  if (!helpers || !f.uses.some((u) => u.kind === 'recv' || u.kind === 'range')) return undefined;
  const w = waitBeforeReceive(ctx, parent, spawn, g, f.cls, helpers);
  if (!w) return undefined;
  const t = s.target!;
  return {
    node: s.node,
    message: `send on ${t.text} blocks forever: ${displayName(parent)} waits for this goroutine (${w.op.target?.text ?? 'wait'}.wait() at line ${lineOf(w.op.node)}) before it receives from ${t.text}`,
    related: [
      { node: w.op.node, message: `waits for the goroutine that is blocked sending on ${t.text}` },
      ...(w.recv ? [{ node: w.recv.node, message: `${t.text} is received from only after the wait` }] : []),
      { node: spawn.node, message: `the goroutine is started here` },
    ],
    fixes: [],
  };
}

/**
 * A send on a class field's unbuffered channel whose every receive in the program is a select that
 * can take another case instead (a deadline, a cancellation) and runs once: when it does, nothing is
 * left to take the value. The field must be a channel the analysis sees every use of.
 */
function fieldLeak(ctx: ProgramContext, spawn: Op, s: Op): Finding | undefined {
  const f = closedField(ctx, s);
  if (!f) return undefined;
  const { cls, uses } = f;
  const t = s.target!;
  if (uses.some((u) => u.kind === 'close')) return undefined;
  const recvs = uses.filter((u) => u.kind === 'recv' || u.kind === 'range');
  if (!recvs.length) return undefined;
  let first: { sel: Op; other: SelectCase } | undefined;
  for (const u of recvs) {
    const sel = u.op;
    if (sel.kind !== 'select' || !u.inSelect || sel.loops.length || sel.use === 'dropped') return undefined;
    // another case that can be taken without this channel: a deadline, a cancellation, a default
    const other = sel.cases?.find(
      (c) => c.kind === 'otherwise' || (c.kind === 'recv' && c.channel && ctx.cls(c.channel) !== cls),
    );
    if (!other) return undefined;
    first ??= { sel, other };
  }
  if (!first) return undefined;
  const { sel, other } = first;
  const where =
    sel.fn === spawn.fn
      ? `the select at line ${lineOf(sel.node)}`
      : `the select in ${displayName(sel.fn)} (line ${lineOf(sel.node)})`;
  const field = className(t);
  return {
    node: s.node,
    message: `send on ${t.text} blocks forever when ${where} takes ${other.kind === 'otherwise' ? 'its otherwise case' : describeCase(other.call)}: nothing else receives from ${field}, so the goroutine leaks`,
    related: [
      {
        node: other.call,
        message: `${displayName(sel.fn)} leaves the select here without receiving from ${field}`,
      },
      { node: f.make.node, message: `${field} is made here, unbuffered` },
      { node: spawn.node, message: `the goroutine is started here by ${displayName(spawn.fn)}` },
    ],
    fixes: [],
  };
}

/**
 * A send on a class field's unbuffered channel whose only receiver is a goroutine's loop that can
 * also end without receiving — it returns or breaks out on another path (an error, a condition
 * that has nothing to do with the channel). Once it has, the send has no one left to take it: the
 * stop()/shutdown() that sends blocks forever (Tu et al.'s "the receiver has exited").
 */
function receiverGone(ctx: ProgramContext, s: Op): Finding | undefined {
  const f = closedField(ctx, s);
  if (!f) return undefined;
  const { cls, uses } = f;
  const t = s.target!;
  if (uses.some((u) => u.kind === 'close')) return undefined;
  const recvs = uses.filter((u) => u.kind === 'recv' || u.kind === 'range');
  const r = recvs[0]?.op.fn;
  if (!r || recvs.some((u) => u.op.fn !== r) || r === s.fn) return undefined;
  const spawn = goroutineStart(ctx, r);
  if (!spawn || ctx.flow.goroutineOf(s.fn) === r) return undefined;
  // the receiving loop, and an exit from it that no receive from the channel leads to
  const loop = recvs[0]!.op.loops[recvs[0]!.op.loops.length - 1];
  if (!loop || recvs.some((u) => !u.op.loops.includes(loop))) return undefined;
  const exit = unguardedExit(
    ctx,
    loop,
    recvs.map((u) => u.op),
    cls,
  );
  if (!exit) return undefined;
  const field = className(t);
  const how = ts.isReturnStatement(exit) ? 'returned' : 'left its loop';
  const who = r.name.startsWith('function at')
    ? `the goroutine started at line ${lineOf(spawn.node)}`
    : displayName(r);
  return {
    node: s.node,
    message: `send on ${t.text} blocks forever once ${who} has ${how} at line ${lineOf(exit)} without receiving: nothing else receives from ${field}`,
    related: [
      { node: exit, message: `${who} stops receiving from ${field} here` },
      { node: recvs[0]!.op.node, message: `the only receive from ${field}` },
      { node: spawn.node, message: `the receiving goroutine is started here` },
    ],
    fixes: [],
  };
}

/** The spawn that runs a function as a goroutine: itself, or through a closure that only calls it. */
function goroutineStart(ctx: ProgramContext, fn: FunctionFacts): Op | undefined {
  if (fn.spawnedBy.length) return fn.spawnedBy[0];
  for (const f of ctx.files())
    for (const sp of f.ops) {
      if (sp.kind !== 'spawn' || !sp.spawned) continue;
      const body = ctx.ws.functionFacts(sp.spawned);
      const calls = body?.ops.filter((o) => o.kind === 'call') ?? [];
      if (calls.length === 1 && calls[0]!.callee && ctx.ws.functionFacts(calls[0]!.callee) === fn) return sp;
    }
  return undefined;
}

/**
 * A return (or break out of `loop`) in the loop's body that does not follow from a receive on the
 * channel: not under a condition reading what the receive produced (the select's result, a variable
 * or field its case callback sets), and not in the receive's own case callback.
 */
function unguardedExit(
  ctx: ProgramContext,
  loop: ts.IterationStatement,
  recvs: Op[],
  cls: string,
): ts.Node | undefined {
  // names the receive's result flows into
  const names = new Set<string>();
  for (const r of recvs) {
    let e: ts.Node = r.node;
    while (e.parent && (ts.isAwaitExpression(e.parent) || ts.isParenthesizedExpression(e.parent)))
      e = e.parent;
    if (ts.isVariableDeclaration(e.parent) && ts.isIdentifier(e.parent.name)) names.add(e.parent.name.text);
    if (ts.isBinaryExpression(e.parent) && e.parent.right === e) names.add(e.parent.left.getText());
    if (r.kind === 'select')
      for (const c of r.cases ?? []) {
        if (!c.channel || ctx.cls(c.channel) !== cls || !c.callback) continue;
        const visit = (n: ts.Node): void => {
          if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken)
            names.add(n.left.getText());
          n.forEachChild(visit);
        };
        visit(c.callback);
      }
  }
  const guarded = (n: ts.Node): boolean => {
    for (let c: ts.Node | undefined = n.parent; c && c !== loop; c = c.parent) {
      const cond =
        ts.isIfStatement(c) || ts.isWhileStatement(c) || ts.isConditionalExpression(c) ? c : undefined;
      if (!cond) continue;
      const text =
        (cond as ts.IfStatement).expression?.getText() ??
        (cond as ts.ConditionalExpression).condition.getText();
      if (
        [...names].some((nm) =>
          new RegExp(`(^|[^\\w.$])${nm.replace(/[.$]/g, '\\$&')}($|[^\\w$])`).test(text),
        )
      )
        return true;
    }
    return false;
  };
  let found: ts.Node | undefined;
  const visit = (n: ts.Node, nested: boolean): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if ((ts.isReturnStatement(n) || (ts.isBreakStatement(n) && !n.label && !nested)) && !guarded(n)) {
      found = n;
      return;
    }
    const inner = nested || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    n.forEachChild((c) => visit(c, inner));
  };
  visit(loop.statement, false);
  return found;
}

/**
 * A range over the channel a generator function returns (`for await (const v of numbers())`), left
 * early by a break, return or throw: the generator's goroutine stays blocked on its next send.
 */
function generatorLeft(ctx: ProgramContext, range: Op): Finding | undefined {
  const loop = range.node as ts.ForOfStatement;
  const exit = earlyExit(loop);
  if (!exit) return undefined;
  let src = skipParens(loop.expression);
  if (ts.isIdentifier(src)) {
    const decl = range.target?.decl;
    if (
      !decl ||
      !ts.isVariableDeclaration(decl) ||
      !decl.initializer ||
      !(decl.parent.flags & ts.NodeFlags.Const)
    )
      return undefined;
    src = skipParens(decl.initializer);
  }
  if (ts.isAwaitExpression(src)) src = skipParens(src.expression);
  if (!ts.isCallExpression(src)) return undefined;
  const callNode = src;
  const call = ctx.ws
    .factsOf(callNode.getSourceFile().fileName)
    ?.ops.find((o) => o.kind === 'call' && o.node === callNode);
  const gen = call?.callee ? ctx.ws.functionFacts(call.callee) : undefined;
  if (!gen || ts.isSourceFile(gen.node)) return undefined;
  // the generator returns a channel it made, unbuffered
  const made = returnedChan(gen);
  if (!made || made.capacity !== 0 || !made.target) return undefined;
  const cls = ctx.cls(made.target);
  const send = ctx
    .chanUsesOf(cls)
    .find(
      (u) =>
        u.kind === 'send' &&
        !u.inSelect &&
        u.op.kind === 'send' &&
        u.op.loops.length > 0 &&
        ctx.flow.goroutineOf(u.op.fn) !== gen,
    );
  if (!send) return undefined;
  const what = ts.isReturnStatement(exit) ? 'returning' : ts.isThrowStatement(exit) ? 'throwing' : 'breaking';
  return {
    node: exit,
    message: `${what} out of the range over ${gen.name}() leaves its goroutine blocked forever on its next send (line ${lineOf(send.op.node)})`,
    related: [
      { node: send.op.node, message: `${gen.name}()'s goroutine sends here until someone receives` },
      { node: loop, message: `the range stops receiving early` },
    ],
    fixes: [],
  };
}

/**
 * `const done = start(…)` where start() makes an unbuffered channel, starts a goroutine that sends
 * on it and returns it (Go's `func start() <-chan T`), received only in a select with other cases:
 * when another case wins, nothing receives the goroutine's send, which blocks forever.
 */
function factoryAbandoned(ctx: ProgramContext, sel: Op, seen: Set<Op>): Finding | undefined {
  const cases = sel.cases ?? [];
  if (cases.length < 2) return undefined;
  for (const c of cases) {
    if (c.kind !== 'recv') continue;
    const arg = c.call.arguments[0];
    if (!arg || !ts.isIdentifier(skipParens(arg))) continue;
    const decl = c.channel?.decl;
    if (
      !decl ||
      !ts.isVariableDeclaration(decl) ||
      !ts.isIdentifier(decl.name) ||
      !decl.initializer ||
      !(decl.parent.flags & ts.NodeFlags.Const)
    )
      continue;
    const init = skipParens(decl.initializer);
    if (!ts.isCallExpression(init)) continue;
    // a select in a loop receives again on a later turn, unless the channel is made afresh each turn
    const loop = sel.loops[0];
    if (loop && !(decl.pos >= loop.pos && decl.end <= loop.end)) continue;
    // the caller uses the channel in this case only
    const fnNode = sel.fn.node;
    let refs = 0;
    const name = decl.name.text;
    const count = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && n.text === name && n !== decl.name) refs++;
      n.forEachChild(count);
    };
    fnNode.forEachChild(count);
    if (refs !== 1) continue;
    const call = ctx.ws
      .factsOf(init.getSourceFile().fileName)
      ?.ops.find((o) => o.kind === 'call' && o.node === init);
    const gen = call?.callee ? ctx.ws.functionFacts(call.callee) : undefined;
    if (!gen || ts.isSourceFile(gen.node)) continue;
    const made = returnedChan(gen);
    if (!made || made.capacity !== 0 || !made.target) continue;
    const uses = ctx.chanUsesOf(ctx.cls(made.target));
    // someone else receives for sure: not this bug
    if (uses.some((u) => (u.kind === 'recv' || u.kind === 'range') && !u.inSelect)) continue;
    const sends = uses.filter(
      (u) =>
        u.kind === 'send' &&
        !u.inSelect &&
        u.op.kind === 'send' &&
        u.op.use === 'await' &&
        ctx.flow.goroutineOf(u.op.fn) !== ctx.flow.goroutineOf(gen) &&
        within(u.op.fn.node, gen.node),
    );
    const send = sends.find((u) => !seen.has(u.op));
    if (!send) continue;
    const other = cases.find((o) => o !== c)!;
    for (const u of sends) seen.add(u.op);
    const sameFile = send.op.node.getSourceFile() === sel.node.getSourceFile();
    return {
      node: sameFile ? send.op.node : c.call,
      message: `send on ${made.target.text} in ${gen.name}()'s goroutine blocks forever when the select at line ${lineOf(sel.node)} takes ${other.kind === 'otherwise' ? 'its otherwise case' : describeCase(other.call)}: the goroutine leaks`,
      related: [
        { node: c.call, message: `the only receive from ${gen.name}()'s channel, which may not happen` },
        ...(sameFile ? [] : [{ node: send.op.node, message: `${gen.name}()'s goroutine sends here` }]),
      ],
      fixes: [],
    };
  }
  return undefined;
}

/** The `chan()` a function makes and returns (`const ch = chan(); …; return ch`). */
function returnedChan(fn: FunctionFacts): Op | undefined {
  const body = (fn.node as ts.FunctionLikeDeclaration).body;
  if (!body || !ts.isBlock(body)) return undefined;
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression && ts.isIdentifier(skipParens(n.expression)))
      names.add(skipParens(n.expression).getText());
    n.forEachChild(visit);
  };
  body.forEachChild(visit);
  return fn.ops.find(
    (o) =>
      o.kind === 'make' &&
      !!o.target?.decl &&
      ts.isVariableDeclaration(o.target.decl) &&
      o.node.parent === o.target.decl &&
      names.has(o.target.text),
  );
}

/**
 * A send on an unbuffered channel whose only receives are made later by the same goroutine: nothing
 * else can take the value, so the goroutine blocks on its own send (Go's "all goroutines are asleep").
 */
function selfDeadlock(ctx: ProgramContext, s: Op): Finding | undefined {
  if (s.use === 'value' || s.use === 'dropped') return undefined;
  const lc = localChanOf(ctx, s.target);
  if (!lc || lc.escapes || lc.make.capacity !== 0) return undefined;
  const uses = ctx.chanUsesOf(ctx.cls(lc.resource));
  const recvs = uses.filter((u) => u.kind === 'recv' || u.kind === 'range');
  if (!recvs.length) return undefined;
  const mine = ctx.flow.goroutineOf(s.fn);
  if (!recvs.every((u) => ctx.flow.goroutineOf(u.op.fn) === mine)) return undefined;
  // every other send must be in this goroutine too (another sender's value could be taken instead)
  if (uses.some((u) => u.kind === 'send' && ctx.flow.goroutineOf(u.op.fn) !== mine)) return undefined;
  const later = recvs.find((u) => u.op.node.getStart() > s.node.getStart() && u.op.fn === s.fn);
  if (
    !later ||
    recvs.some((u) => u.op.fn === s.fn && u.op.node.getStart() < s.node.getStart() && u.op.loops.length)
  )
    return undefined;
  if (s.loops.some((l) => within(later.op.node, l))) return undefined;
  const ch = s.target?.text ?? lc.resource.text;
  return {
    node: s.node,
    message: `send on ${ch} blocks forever: the only receive from ${ch} is made by this same goroutine, later (line ${lineOf(later.op.node)})`,
    related: [
      { node: later.op.node, message: `the receive that would take the value, never reached` },
      { node: lc.make.node, message: `${lc.resource.text} is made here, unbuffered` },
    ],
    fixes: bufferFix(lc, s, s.fn, [s], false),
  };
}

/** The sends a goroutine body performs: its own, and those of the project functions it calls directly. */
function sendsOf(ctx: ProgramContext, g: FunctionFacts): Op[] {
  const out = g.ops.filter((o) => o.kind === 'send');
  for (const c of g.ops)
    if (c.kind === 'call' && c.callee && c.use !== 'dropped') {
      const callee = ctx.ws.functionFacts(c.callee);
      if (callee && callee !== g)
        for (const o of callee.ops) if (o.kind === 'send' && o.loops.length === 0) out.push(o);
    }
  return out;
}

interface Receives {
  /** Receive operations of the parent (plain or in a select). */
  readonly ops: Op[];
  /** Whether any of them is in a loop or is a range. */
  readonly repeated: boolean;
}

function examine(
  ctx: ProgramContext,
  lc: LocalChan,
  spawn: Op,
  g: FunctionFacts,
  s: Op,
): Finding | undefined {
  const parent = lc.owner;
  const cls = ctx.cls(lc.resource);
  const uses = ctx.chanUsesOf(cls);
  // someone other than the parent (or a helper it calls with the channel) receives: their schedule
  // is not modelled here
  const helpers = helperReceives(ctx, parent, uses);
  if (!helpers) return undefined;
  const ch0 = lc.resource.text;
  const sent0 = s.target?.text ?? ch0;
  if ((lc.make.capacity ?? 0) === 0) {
    if (!uses.some((u) => u.kind === 'recv' || u.kind === 'range'))
      return {
        node: s.node,
        message: `send on ${sent0} blocks forever: nothing receives from ${ch0}`,
        related: [
          { node: lc.make.node, message: `${ch0} is made here, unbuffered, and never received from` },
          { node: spawn.node, message: `the goroutine is started here by ${displayName(parent)}` },
        ],
        fixes: fixesFor(ctx, lc, spawn, g, s, [s], false),
      };
    const w = waitBeforeReceive(ctx, parent, spawn, g, cls, helpers);
    if (w)
      return {
        node: s.node,
        message: `send on ${sent0} blocks forever: ${displayName(parent)} waits for this goroutine (${w.op.target?.text ?? 'wait'}.wait() at line ${lineOf(w.op.node)}) before it receives from ${ch0}`,
        related: [
          { node: w.op.node, message: `waits for the goroutine that is blocked sending on ${ch0}` },
          ...(w.recv ? [{ node: w.recv.node, message: `${ch0} is received from only after the wait` }] : []),
          { node: spawn.node, message: `the goroutine is started here` },
        ],
        fixes: [],
      };
  }
  if (uses.some((u) => u.kind === 'close')) return undefined;
  const recvs = uses.filter((u) => u.kind === 'recv' || u.kind === 'range').map((u) => u.op);
  const rec: Receives = {
    ops: recvs,
    repeated:
      recvs.some((o) => o.kind === 'range' || o.loops.length > 0) ||
      [...helpers.keys()].some((c) => c.loops.length > 0),
  };
  const ch = lc.resource.text;
  const sent = s.target?.text ?? ch;
  const senderSpawns = parent.ops.filter((o) => {
    const body = o.kind === 'spawn' && o.spawned ? ctx.ws.functionFacts(o.spawned) : undefined;
    return !!body && sendsOf(ctx, body).some((x) => x.target && ctx.cls(x.target) === cls);
  });
  const manySenders = senderSpawns.length > 1 || spawn.loops.length > 0 || s.loops.length > 0;
  const sendsInG = sendsOf(ctx, g).filter((o) => o.target && ctx.cls(o.target) === cls);
  const cap = lc.make.capacity ?? 0;
  const pname = displayName(parent);
  const spawnRel: Related = { node: spawn.node, message: `the goroutine is started here by ${pname}` };

  // 1. a path from the spawn to the parent's return that receives nothing; with receives in a loop,
  // only for one send and selects that can take another case (a path through one of them is a
  // round that took the other case; a path around them all could be a loop that always runs)
  const selectRounds =
    rec.repeated &&
    !manySenders &&
    sendsInG.length === 1 &&
    helpers.size === 0 &&
    rec.ops.every(
      (o) => o.kind === 'select' && o.cases?.some((c) => !(c.channel && ctx.cls(c.channel) === cls)),
    );
  if (cap === 0 && (!rec.repeated || selectRounds)) {
    const cfg = parent.cfg;
    const from = parent.nodeOfOp(spawn);
    if (from) {
      const definite = (n: CfgNode) =>
        ctx.flow
          .opsAt(parent, n)
          .some(
            (o) =>
              definitelyReceives(ctx, o, cls) || (helpers.has(o) && helperDefinitelyReceives(ctx, o, cls)),
          );
      const esc = findEscape(cfg, from, definite, { throws: false });
      const sel = esc?.path
        .flatMap((n) => ctx.flow.opsAt(parent, n))
        .flatMap((o) => (helpers.has(o) ? helpers.get(o)! : [o]))
        .find((o) => o.kind === 'select' && o.cases?.some((c) => c.channel && ctx.cls(c.channel) === cls));
      // in rounds, the way out must be a return (a loop condition may hold until the value comes)
      const returns = !!esc?.path.some((n) => n.isReturn || (!!n.ast && ts.isReturnStatement(n.ast)));
      if (esc && (!rec.repeated || (sel && returns))) {
        const related: Related[] = [];
        let why: string;
        if (sel) {
          const other = sel.cases!.find((c) => !(c.channel && ctx.cls(c.channel) === cls));
          const where =
            sel.fn === parent
              ? `the select at line ${lineOf(sel.node)}`
              : `the select in ${displayName(sel.fn)} (line ${lineOf(sel.node)})`;
          why = `when ${where} takes ${other ? describeCase(other.call) : 'another case'}`;
          related.push({
            node: other?.call ?? sel.node,
            message: `${displayName(sel.fn)} leaves the select here without receiving from ${ch}`,
          });
        } else {
          const at = esc.last?.ast ?? parent.node;
          why =
            esc.last?.isReturn || (esc.last?.ast && ts.isReturnStatement(esc.last.ast))
              ? `when ${pname} returns at line ${lineOf(at)} without receiving`
              : `when ${pname} finishes without receiving (line ${lineOf(at)})`;
          related.push({ node: at, message: `${pname} leaves here without receiving from ${ch}` });
        }
        related.push(spawnRel);
        return {
          node: s.node,
          message: `send on ${sent} blocks forever ${why}: the goroutine leaks`,
          related,
          fixes: fixesFor(ctx, lc, spawn, g, s, sendsInG, manySenders),
        };
      }
    }
  }
  // 2. several senders, one receive
  if (cap === 0 && manySenders && !rec.repeated && rec.ops.length === 1 && senderSpawns.length <= 1) {
    const r = rec.ops[0]!;
    return {
      node: s.node,
      message: `send on ${sent} blocks forever for all but one sender: ${pname} receives once (line ${lineOf(r.node)}) but ${spawn.loops.length ? 'a goroutine is started per iteration' : 'the goroutine sends repeatedly'}`,
      related: [{ node: r.node, message: `the only receive from ${ch}` }, spawnRel],
      fixes: fixesFor(ctx, lc, spawn, g, s, sendsInG, manySenders),
    };
  }
  // 3. the receiving loop is left early while senders remain
  if (manySenders && rec.repeated && (cap === 0 || s.loops.length > 0)) {
    for (const r of rec.ops) {
      const loop = r.kind === 'range' ? (r.node as ts.ForOfStatement) : r.loops[0];
      if (!loop) continue;
      const exit = earlyExit(loop);
      if (!exit) continue;
      const kind = ts.isReturnStatement(exit)
        ? 'returns'
        : ts.isThrowStatement(exit)
          ? 'throws'
          : 'breaks out of its receive loop';
      return {
        node: s.node,
        message: `send on ${sent} blocks forever once ${pname} ${kind} at line ${lineOf(exit)}: the goroutine leaks`,
        related: [{ node: exit, message: `${pname} stops receiving from ${ch} here` }, spawnRel],
        fixes: fixesFor(ctx, lc, spawn, g, s, sendsInG, manySenders),
      };
    }
  }
  // 4. a second send after an error send: the return after the first is missing
  if (!manySenders && !rec.repeated && rec.ops.length === 1 && sendsInG.length > 1 && cap < sendsInG.length) {
    const cfg = g.cfg;
    for (const first of sendsInG) {
      if (first === s) continue;
      const a = g.nodeOfOp(first);
      const b = g.nodeOfOp(s);
      if (!a || !b || a === b || !reachable(a, false).has(b)) continue;
      if (!cfg) continue;
      const st = statementOf(first.node);
      const fixes: Fix[] = [];
      if (st && ts.isBlock(st.parent)) {
        const sf = st.getSourceFile();
        fixes.push({
          title: `return after the send at line ${lineOf(first.node)}`,
          edits: [
            {
              fileName: sf.fileName,
              start: st.end,
              end: st.end,
              newText: `\n${indentAt(sf, st.getStart(sf))}return;`,
            },
          ],
        });
      }
      return {
        node: s.node,
        message: `second send on ${sent} after the send at line ${lineOf(first.node)} blocks forever: ${pname} receives once (line ${lineOf(rec.ops[0]!.node)}); is a return missing?`,
        related: [
          { node: first.node, message: `the first send; ${pname} receives only this one` },
          { node: rec.ops[0]!.node, message: `the only receive from ${ch}` },
        ],
        fixes,
      };
    }
  }
  return undefined;
}

/**
 * A wait of the parent on the goroutine's WaitGroup or errgroup that comes after the spawn and before
 * any receive from the channel: the goroutine cannot finish its send, so the wait never returns.
 */
function waitBeforeReceive(
  ctx: ProgramContext,
  parent: FunctionFacts,
  spawn: Op,
  g: FunctionFacts,
  cls: string,
  helpers: Helpers,
): { op: Op; recv: Op | undefined } | undefined {
  const groups = new Set<string>();
  if (spawn.target && (spawn.target.type === 'WaitGroup' || spawn.target.type === 'Group'))
    groups.add(ctx.cls(spawn.target));
  for (const o of g.ops) if (o.kind === 'wgDone' && o.target) groups.add(ctx.cls(o.target));
  if (!groups.size) return undefined;
  const waits = parent.ops.filter(
    (o) => (o.kind === 'wgWait' || o.kind === 'groupWait') && o.target && groups.has(ctx.cls(o.target)),
  );
  if (!waits.length) return undefined;
  const from = parent.nodeOfOp(spawn);
  if (!from) return undefined;
  // a loop that receives counts as receiving (its zero-iteration path goes with zero goroutines)
  const receives = (o: Op) => receivesAny(ctx, o, cls) || helpers.has(o);
  const receivingLoops = parent.ops
    .filter(receives)
    .flatMap((o): ts.Node[] => (o.kind === 'range' ? [o.node, ...o.loops] : [...o.loops]));
  const stop = (n: CfgNode) =>
    ctx.flow.opsAt(parent, n).some(receives) ||
    (n.kind === 'loop-head' && !!n.ast && receivingLoops.some((l) => within(n.ast!, l)));
  const seen = new Set<CfgNode>();
  const queue = [...from.succ];
  while (queue.length) {
    const n = queue.shift()!;
    if (seen.has(n) || stop(n)) continue;
    seen.add(n);
    const w = waits.find((o) => parent.nodeOfOp(o) === n);
    if (w) {
      const recv = parent.ops.find((o) => receives(o) && o.node.getStart() > w.node.getStart());
      return { op: w, recv };
    }
    queue.push(...n.succ);
  }
  return undefined;
}

/** Calls of the parent to project functions that receive from the channel it passes them → those receives. */
type Helpers = ReadonlyMap<Op, readonly Op[]>;

/**
 * The receives of a parent's channel made by functions it calls with it (`await collect(ch)`,
 * `this.awaitAnswer(ctx, ch)`), by the call in the parent; undefined when some receive is made
 * elsewhere (another goroutine, a closure, a function the parent does not call).
 */
function helperReceives(
  ctx: ProgramContext,
  parent: FunctionFacts,
  uses: readonly ChanUse[],
): Helpers | undefined {
  const out = new Map<Op, Op[]>();
  for (const u of uses) {
    if ((u.kind !== 'recv' && u.kind !== 'range') || u.op.fn === parent) continue;
    const h = u.op.fn;
    if (h.spawnedBy.length || ts.isSourceFile(h.node)) return undefined;
    const calls = parent.ops.filter(
      (c) => c.kind === 'call' && c.callee && c.use !== 'dropped' && ctx.ws.functionFacts(c.callee) === h,
    );
    if (calls.length !== 1) return undefined;
    const list = out.get(calls[0]!) ?? [];
    list.push(u.op);
    out.set(calls[0]!, list);
  }
  return out;
}

/** Whether a helper the parent calls receives from the channel on every path through it. */
function helperDefinitelyReceives(ctx: ProgramContext, call: Op, cls: string): boolean {
  const h = call.callee ? ctx.ws.functionFacts(call.callee) : undefined;
  if (!h?.cfg) return false;
  const stop = (n: CfgNode) => ctx.flow.opsAt(h, n).some((o) => definitelyReceives(ctx, o, cls));
  return !findEscape(h.cfg, h.cfg.entry, stop, { throws: false });
}

/** Whether an op may receive from the channel (plainly or as a select case). */
function receivesAny(ctx: ProgramContext, o: Op, cls: string): boolean {
  if ((o.kind === 'recv' || o.kind === 'recvOk' || o.kind === 'range') && o.target)
    return ctx.cls(o.target) === cls;
  if (o.kind === 'select')
    return !!o.cases?.some((c) => c.kind === 'recv' && c.channel && ctx.cls(c.channel) === cls);
  return false;
}

function definitelyReceives(ctx: ProgramContext, o: Op, cls: string): boolean {
  if ((o.kind === 'recv' || o.kind === 'recvOk' || o.kind === 'range') && o.target && o.use !== 'dropped')
    return ctx.cls(o.target) === cls;
  if (o.kind === 'select' && o.cases?.length)
    return o.cases.every((c) => c.kind === 'recv' && c.channel && ctx.cls(c.channel) === cls);
  return false;
}

function describeCase(call: ts.CallExpression): string {
  const arg = call.arguments[0];
  return arg ? `its ${arg.getText()} case` : `its ${call.getText()} case`;
}

function displayName(fn: FunctionFacts): string {
  return fn.name.startsWith('function at') || fn.name === '<module>' ? 'the parent' : `${fn.name}()`;
}

/** A return, throw or break (out of `loop`) inside the loop body: the receiving stops early. Returns and throws first. */
function earlyExit(loop: ts.IterationStatement): ts.Node | undefined {
  const found: ts.Node[] = [];
  const visit = (n: ts.Node, nested: boolean): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (
      ts.isReturnStatement(n) ||
      ts.isThrowStatement(n) ||
      (ts.isBreakStatement(n) && !n.label && !nested)
    ) {
      found.push(n);
      return;
    }
    const inner = nested || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    n.forEachChild((c) => visit(c, inner));
  };
  visit(loop.statement, false);
  return found.find((n) => !ts.isBreakStatement(n)) ?? found[0];
}

function fixesFor(
  ctx: ProgramContext,
  lc: LocalChan,
  spawn: Op,
  g: FunctionFacts,
  s: Op,
  sends: Op[],
  many: boolean,
): Fix[] {
  const b = bufferFix(lc, spawn, g, sends, many);
  return b.length ? b : stopFix(ctx, lc, spawn, g, s);
}

/**
 * GFix's third repair, for a goroutine that sends without bound: a stop channel the parent closes in
 * finally, and the send made a select with it, returning when it fires.
 */
function stopFix(ctx: ProgramContext, lc: LocalChan, spawn: Op, g: FunctionFacts, s: Op): Fix[] {
  const parent = lc.owner;
  if (s.fn !== g || ts.isSourceFile(parent.node) || !parent.node.body || !ts.isBlock(parent.node.body))
    return [];
  const body = parent.node.body;
  const sf = body.getSourceFile();
  if (s.node.getSourceFile() !== sf) return [];
  // the send must be a statement of its own: `await ch.send(v);`
  const awaited = s.node.parent;
  const sendStmt = awaited && ts.isAwaitExpression(awaited) ? awaited.parent : undefined;
  if (!sendStmt || !ts.isExpressionStatement(sendStmt)) return [];
  const spawnStmt = body.statements.find((st) => within(spawn.node, st));
  if (!spawnStmt || !ts.isExpressionStatement(spawnStmt)) return [];
  const rest = body.statements.slice(body.statements.indexOf(spawnStmt) + 1);
  if (!rest.length) return [];
  const makeStmt = body.statements.find((st) => within(lc.make.node, st));
  if (!makeStmt) return [];
  const imp = runtimeImport(sf);
  if (!imp) return [];
  const ch = lc.resource.text;
  const stop = /\bstop\b/.test(body.getText(sf)) ? `${ch}Stop` : 'stop';
  const sendCall = s.node as ts.CallExpression;
  const value = sendCall.arguments[0]?.getText(sf) ?? 'undefined';
  const ind = indentAt(sf, rest[0]!.getStart(sf));
  const start = rest[0]!.getStart(sf);
  const end = rest[rest.length - 1]!.end;
  const inner = sf.text
    .slice(start, end)
    .split('\n')
    .map((l, i) => (i === 0 || !l.trim() ? l : `  ${l}`))
    .join('\n');
  const edits = [
    ...imp.edits,
    {
      fileName: sf.fileName,
      start: makeStmt.end,
      end: makeStmt.end,
      newText: `\n${indentAt(sf, makeStmt.getStart(sf))}const ${stop} = chan<void>();`,
    },
    {
      fileName: sf.fileName,
      start: sendStmt.getStart(sf),
      end: sendStmt.end,
      newText: `if (await select(send(${sendCall.expression.getText(sf).replace(/\.send$/, '')}, ${value}, () => false), recv(${stop}, () => true))) return;`,
    },
    {
      fileName: sf.fileName,
      start,
      end,
      newText: `try {\n${ind}  ${inner}\n${ind}} finally {\n${ind}  ${stop}.close();\n${ind}}`,
    },
  ];
  return [
    {
      title: `stop the goroutine through a ${stop} channel closed when ${displayName(parent)} returns`,
      edits,
    },
  ];
}

/** The named import from the runtime, with the edits that add select, send and recv to it. */
function runtimeImport(
  sf: ts.SourceFile,
): { edits: { fileName: string; start: number; end: number; newText: string }[] } | undefined {
  for (const st of sf.statements) {
    if (
      !ts.isImportDeclaration(st) ||
      !ts.isStringLiteral(st.moduleSpecifier) ||
      st.moduleSpecifier.text !== 'goroutines'
    )
      continue;
    const named = st.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named) || st.importClause?.isTypeOnly) continue;
    const have = new Set(named.elements.map((e) => e.name.text));
    const missing = ['select', 'send', 'recv'].filter((n) => !have.has(n));
    for (const e of named.elements)
      if (['select', 'send', 'recv'].includes(e.name.text) && e.propertyName) return undefined;
    const last = named.elements[named.elements.length - 1];
    if (!last) return undefined;
    return {
      edits: missing.length
        ? [
            {
              fileName: sf.fileName,
              start: last.end,
              end: last.end,
              newText: missing.map((m) => `, ${m}`).join(''),
            },
          ]
        : [],
    };
  }
  return undefined;
}

/** GFix's first repair: a buffer large enough that every send completes without a receiver. */
function bufferFix(lc: LocalChan, spawn: Op, g: FunctionFacts, sends: Op[], many: boolean): Fix[] {
  const call = lc.make.node as ts.CallExpression;
  let size: string | undefined;
  if (!many) size = String(Math.max(1, sends.length));
  else if (sends.every((o) => o.loops.length === 0) && spawn.loops.length === 1)
    size = loopBound(spawn.loops[0]!);
  if (!size || sends.some((o) => o.loops.length > 0 && !within(o.loops[0]!, g.node))) return [];
  if (sends.some((o) => o.loops.length > 0)) return [];
  const sf = call.getSourceFile();
  return [
    {
      title: `give ${lc.resource.text} a buffer of ${size} so every send completes`,
      edits: [{ fileName: sf.fileName, start: call.arguments.pos, end: call.arguments.end, newText: size }],
    },
  ];
}

/** How many times a loop runs, as source text, when it is a plain count or an array walk. */
function loopBound(loop: ts.IterationStatement): string | undefined {
  if (ts.isForOfStatement(loop) && !loop.awaitModifier) {
    const e = loop.expression;
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return `${e.getText()}.length`;
    return undefined;
  }
  if (
    ts.isForStatement(loop) &&
    loop.condition &&
    loop.initializer &&
    ts.isVariableDeclarationList(loop.initializer)
  ) {
    const d = loop.initializer.declarations[0];
    const c = loop.condition;
    if (
      d?.initializer &&
      ts.isNumericLiteral(d.initializer) &&
      d.initializer.text === '0' &&
      ts.isBinaryExpression(c) &&
      c.operatorToken.kind === ts.SyntaxKind.LessThanToken &&
      c.left.getText() === d.name.getText()
    )
      return c.right.getText();
  }
  return undefined;
}
