// GR2002: a goroutine waits on a channel that nothing will ever close or send on: a `for await`
// range whose senders finish without close() (at all, or on some path such as an exception), a
// receive no one sends to, a select case on a stop channel that nothing closes (Start without
// Stop). The waiting goroutine leaks (Tu et al., ASPLOS'19, "channel" blocking bugs).
import { ts } from 'ts-morph';
import {
  findEscape,
  type CfgNode,
  type FileFacts,
  type FunctionFacts,
  type Op,
} from '../../analysis/index.js';
import {
  closedWorldChan,
  indentAt,
  lineOf,
  programCheck,
  statementOf,
  type ChanUse,
  type Finding,
  type Fix,
  type ProgramCheck,
  type ProgramContext,
} from '../../analysis/program.js';
import { doc } from './doc.js';

export const check: ProgramCheck = programCheck(
  {
    id: 'GR2002',
    name: 'channel-never-closed',
    title: 'A goroutine waits on a channel nothing closes or sends on',
    severity: 'error',
    doc,
  },
  run,
);

/**
 * The close of a ranged-over channel when every close is made by the ranging function itself, after
 * the range statement, and the range has no way out but the close: the loop waits for a close that
 * only its own end leads to (`for await (const v of out) …; await wg.wait(); out.close();`).
 */
function closedOnlyAfter(ctx: ProgramContext, range: Op, closes: readonly ChanUse[]): Op | undefined {
  const loop = range.node as ts.ForOfStatement;
  if (!closes.every((c) => !c.inSelect && c.op.fn === range.fn && c.op.node.getStart() > loop.end))
    return undefined;
  let exits = false;
  const visit = (n: ts.Node): void => {
    if (exits || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (
      ts.isReturnStatement(n) ||
      ts.isThrowStatement(n) ||
      ts.isBreakStatement(n) ||
      (ts.isContinueStatement(n) && n.label)
    ) {
      // a labelled jump or a break inside an inner loop or switch may leave the range too: be safe
      exits = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(loop.statement);
  if (exits || range.loops.length) return undefined;
  return closes[0]!.op;
}

function run(ctx: ProgramContext, facts: FileFacts): Finding[] {
  const out: Finding[] = [];
  const done = new Set<string>();
  for (const op of facts.ops) {
    if (op.kind === 'range' || ((op.kind === 'recv' || op.kind === 'recvOk') && op.use !== 'dropped')) {
      if (!closedWorldChan(ctx, op.target)) continue;
      const cls = ctx.cls(op.target!);
      const uses = ctx.chanUsesOf(cls);
      const sends = uses.filter((u) => u.kind === 'send');
      const closes = uses.filter((u) => u.kind === 'close');
      const ch = op.target!.text;
      if (!sends.length && !closes.length) {
        out.push({
          node: op.node,
          message: `${op.kind === 'range' ? `range over ${ch}` : `receive from ${ch}`} blocks forever: nothing sends on or closes ${ch}`,
          related: [
            {
              node: makeSite(ctx, cls) ?? op.target!.decl ?? op.node,
              message: `${ch} is made here and never sent on or closed`,
            },
          ],
          fixes: [],
        });
        continue;
      }
      if (op.kind !== 'range') continue;
      if (!closes.length) {
        // a generator that sends forever never reaches a close: its consumer must stop it (GR2001)
        if (sends.every((s) => s.op.loops.some(endless))) continue;
        out.push({
          node: op.node,
          message: `range over ${ch} never ends: ${ch} is sent on but never closed`,
          related: sends.map((s) => ({
            node: s.op.node,
            message: `sends on ${ch}; nothing closes it after the last send`,
          })),
          fixes: closeInFinallyFix(sends, ch),
        });
        continue;
      }
      const late = closedOnlyAfter(ctx, op, closes);
      if (late) {
        out.push({
          node: op.node,
          message: `range over ${ch} never ends: ${ch} is closed only after the range, by this same goroutine (line ${lineOf(late.node)})`,
          related: [
            { node: late.node, message: `the only close of ${ch}, reached only once the range has ended` },
            ...sends.slice(0, 1).map((u) => ({ node: u.op.node, message: `sends on ${ch}` })),
          ],
          fixes: [],
        });
        continue;
      }
      for (const c of closes) {
        if (c.inSelect || done.has(`${cls}:${c.op.node.pos}`)) continue;
        let miss = missed.get(c.op);
        if (miss === undefined) {
          miss = missedClose(ctx, c.op, cls) ?? null;
          missed.set(c.op, miss);
        }
        if (!miss) continue;
        done.add(`${cls}:${c.op.node.pos}`);
        out.push({
          node: c.op.node.getSourceFile() === facts.sourceFile ? c.op.node : op.node,
          message: `${ch} is not closed ${miss.why}: the range over ${ch} at line ${lineOf(op.node)} never ends`,
          related: [
            { node: miss.at, message: `${name(c.op.fn)} leaves here without closing ${ch}` },
            { node: op.node, message: `waits for ${ch} to be closed` },
          ],
          fixes: moveCloseFix(c.op),
        });
      }
    } else if (op.kind === 'select' && op.cases) {
      for (const c of op.cases) {
        if (c.kind !== 'recv' || !c.channel || !closedWorldChan(ctx, c.channel)) continue;
        const uses = ctx.chanUsesOf(ctx.cls(c.channel));
        if (uses.some((u) => u.kind === 'send' || u.kind === 'close')) continue;
        const g = ctx.flow.goroutineOf(op.fn);
        if (!g.spawnedBy.length || !op.loops.length) continue;
        out.push({
          node: c.call,
          message: `nothing closes or sends on ${c.channel.text}: this case never fires, so the goroutine started at line ${lineOf(g.spawnedBy[0]!.node)} never stops`,
          related: [
            { node: g.spawnedBy[0]!.node, message: `the goroutine is started here and nothing stops it` },
            {
              node: makeSite(ctx, ctx.cls(c.channel)) ?? c.channel.decl ?? c.call,
              message: `${c.channel.text} is made here; close it to stop the goroutine`,
            },
          ],
          fixes: [],
        });
      }
    }
  }
  return out;
}

/** A loop with no exit condition: `for (;;)`, `for (let i = 0; ; i++)`, `while (true)`. */
function endless(loop: ts.IterationStatement): boolean {
  if (ts.isForStatement(loop)) return !loop.condition || loop.condition.kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop))
    return loop.expression.kind === ts.SyntaxKind.TrueKeyword;
  return false;
}

/** Per close operation (stable while its file's facts are): the path that skips it, or null. */
const missed = new WeakMap<Op, { why: string; at: ts.Node } | null>();

function makeSite(ctx: ProgramContext, cls: string): ts.Node | undefined {
  return ctx.opsOn(cls).find((o) => o.kind === 'make')?.node;
}

function name(fn: FunctionFacts): string {
  return fn.name.startsWith('function at') ? 'the goroutine' : `${fn.name}()`;
}

/** A path out of the closing function that skips the close: a return, or a throw from the program's own or third-party code. */
function missedClose(ctx: ProgramContext, close: Op, cls: string): { why: string; at: ts.Node } | undefined {
  const fn = close.fn;
  // a close in a finally block is on every path: no CFG needed
  if (inFinally(close.node, fn.node)) return undefined;
  const cfg = fn.cfg;
  const closes = (n: CfgNode) =>
    ctx.flow.opsAt(fn, n).some((o) => o.kind === 'close' && o.target && ctx.cls(o.target) === cls);
  // runtime operations (a send on a channel closed elsewhere) throw only on misuse other checks report
  const runtimeThrow = (n: CfgNode) =>
    !!n.throwsAt &&
    !ts.isThrowStatement(n.throwsAt) &&
    ctx.flow
      .opsAt(fn, n)
      .some(
        (o) => o.kind !== 'call' && (n.throwsAt === o.node || n.throwsAt!.getChildren().includes(o.node)),
      );
  const ret = findEscape(cfg, cfg.entry, closes, { throws: false });
  if (ret) {
    const at = ret.last?.ast ?? close.node;
    if (ret.last?.ast && ts.isReturnStatement(ret.last.ast))
      return { why: `on the return at line ${lineOf(at)}`, at };
    return { why: `when ${name(fn)} finishes at line ${lineOf(at)}`, at };
  }
  const saved = cfg.nodes.map((n) => [n, n.exc] as const);
  for (const n of cfg.nodes) if (runtimeThrow(n)) n.exc = undefined;
  let thr;
  try {
    thr = findEscape(cfg, cfg.entry, closes, { throws: true });
  } finally {
    for (const [n, e] of saved) n.exc = e;
  }
  if (thr?.via === 'throw' && thr.throwsAt) {
    const t = thr.throwsAt;
    const what = ts.isThrowStatement(t) ? 'on the throw' : `when ${short(t)} throws`;
    return { why: `${what} at line ${lineOf(t)}`, at: t };
  }
  return undefined;
}

function inFinally(n: ts.Node, fnNode: ts.Node): boolean {
  for (let c: ts.Node = n; c.parent && c !== fnNode; c = c.parent)
    if (ts.isTryStatement(c.parent) && c.parent.finallyBlock === c) return true;
  return false;
}

function short(n: ts.Node): string {
  let e = n;
  if (ts.isAwaitExpression(e)) e = e.expression;
  if (ts.isCallExpression(e)) return `${e.expression.getText()}()`;
  const t = e.getText();
  return t.length > 30 ? `${t.slice(0, 27)}…` : t;
}

/** Wraps a function body in try { … } finally { ch.close(); }, dropping a close statement it already has. */
function wrapInFinally(fn: ts.FunctionLikeDeclaration, ch: string, drop?: ts.Statement): Fix | undefined {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return undefined;
  const kept = body.statements.filter((s) => s !== drop);
  if (!kept.length) return undefined;
  const sf = body.getSourceFile();
  const start = kept[0]!.getStart(sf);
  let end = Math.max(kept[kept.length - 1]!.end, drop?.end ?? 0);
  // a comment trailing the dropped close goes with it
  if (drop && end === drop.end) {
    const eol = sf.text.indexOf('\n', end);
    if (/^\s*\/\/.*$/.test(sf.text.slice(end, eol < 0 ? undefined : eol)))
      end = eol < 0 ? sf.text.length : eol;
  }
  let region = sf.text.slice(start, end);
  if (drop) {
    const lineStart = sf.text.lastIndexOf('\n', drop.getStart(sf));
    const a = Math.max(0, lineStart - start);
    region = region.slice(0, a) + region.slice((end > drop.end ? end : drop.end) - start);
  }
  const ind = indentAt(sf, start);
  const inner = region
    .split('\n')
    .map((l, i) => (i === 0 || !l.trim() ? l : `  ${l}`))
    .join('\n');
  const newText = `try {\n${ind}  ${inner}\n${ind}} finally {\n${ind}  ${ch}.close();\n${ind}}`;
  const what = fn.name?.getText() ?? 'the goroutine';
  return {
    title: `close ${ch} in finally, on every path out of ${what}`,
    edits: [{ fileName: sf.fileName, start, end, newText }],
  };
}

function closeInFinallyFix(sends: ChanUse[], ch: string): Fix[] {
  const fns = new Set<FunctionFacts>(sends.map((s) => s.op.fn));
  if (fns.size !== 1 || sends.some((s) => s.inSelect)) return [];
  const fn = [...fns][0]!;
  if (ts.isSourceFile(fn.node) || !fn.spawnedBy.length || fn.spawnedBy.some((s) => s.loops.length)) return [];
  const fix = wrapInFinally(fn.node, ch);
  return fix ? [fix] : [];
}

function moveCloseFix(close: Op): Fix[] {
  const fn = close.fn;
  if (ts.isSourceFile(fn.node)) return [];
  const st = statementOf(close.node);
  if (!st || st.parent !== fn.node.body) return [];
  const fix = wrapInFinally(fn.node, close.target!.text, st);
  return fix ? [fix] : [];
}
