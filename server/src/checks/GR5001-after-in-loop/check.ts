// after() in a long-lived loop makes a timer per iteration that lives until it fires.
import { ts } from 'ts-morph';
import type { Op, Resource } from '../../analysis/index.js';
import type { Check, Fix, TextEdit } from '../check.js';
import { lineStartOf, statementInList, wrapInTryFinally } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR5001',
    name: 'after-in-loop',
    title: 'after() inside a long-lived loop',
    severity: 'warning',
    doc: {
      why: 'Every after(ms) starts a timer that lives until it fires, even when another select case won. In a loop that runs for a long time (an endless loop, or a loop over a channel), timers pile up: memory and timer work grow with the message rate times the timeout. Make one Timer and reset() it, or use a context with a deadline.',
      wrong: `for await (const msg of inbox) {
  await select(recv(replies, handle), recv(after(30_000), timeout));
}`,
      right: `const t = new Timer(30_000);
for await (const msg of inbox) {
  t.reset(30_000);
  await select(recv(replies, handle), recv(t.c, timeout));
}
t.stop();`,
      whenNotToUse:
        'When the loop runs a handful of times, or the timeout is short compared with the iteration rate.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.kind !== 'after' || !op.loops.length) continue;
      const loop = op.loops.find(longLived);
      if (!loop) continue;
      // select(recv(stop), recv(after(ms))): the timer fires every iteration but the last, nothing piles up
      const sel = op.fn.ops.find(
        (o) =>
          o.kind === 'select' &&
          o.cases?.some(
            (c) => c.call.getStart() <= op.node.getStart() && op.node.getEnd() <= c.call.getEnd(),
          ),
      );
      const others = sel?.cases?.filter(
        (c) => !(c.call.getStart() <= op.node.getStart() && op.node.getEnd() <= c.call.getEnd()),
      );
      if (others?.length && others.every((c) => c.kind === 'recv' && c.channel && isSignal(c.channel)))
        continue;
      ctx.report({
        node: op.node,
        message:
          'after() in this loop starts a timer every iteration that lives until it fires: reuse one Timer with reset()',
        fixes: sel ? reuseTimerFix(op, loop, sel) : [],
      });
    }
  },
};

/** A channel that only signals (ctx.done(), a Chan<void>): it fires once, to stop the loop. */
function isSignal(r: Resource): boolean {
  if (r.key.endsWith('.done')) return true;
  const d = r.decl;
  if (!d || !(ts.isVariableDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isParameter(d))) return false;
  const typeArg = (n: ts.Node | undefined): ts.TypeNode | undefined =>
    n && (ts.isTypeReferenceNode(n) || ts.isCallExpression(n)) ? n.typeArguments?.[0] : undefined;
  const t = typeArg(d.type) ?? typeArg(d.initializer);
  return !!t && (t.kind === ts.SyntaxKind.VoidKeyword || t.kind === ts.SyntaxKind.NeverKeyword);
}

function longLived(loop: ts.IterationStatement): boolean {
  if (ts.isForOfStatement(loop)) return !!loop.awaitModifier;
  if (ts.isForStatement(loop)) return !loop.condition || loop.condition.kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop))
    return (
      loop.expression.kind === ts.SyntaxKind.TrueKeyword ||
      /\berr\(\)|\baborted\b/.test(loop.expression.getText())
    );
  return false;
}

/**
 * `for (…) { await select(…, recv(after(ms), f)); }` becomes one Timer made before the loop,
 * reset before the select, read through `timer.c`, and stopped in a finally around the loop. Offered
 * when `ms` is a literal or a name declared outside the loop, the select is a statement of the
 * loop's body, and `Timer` can be named where the loop is.
 */
function reuseTimerFix(op: Op, loop: ts.IterationStatement, sel: Op): Fix[] {
  const call = op.node;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return [];
  const ms = call.arguments[0]!;
  if (!ts.isNumericLiteral(ms) && !(ts.isIdentifier(ms) && declaredOutside(ms, loop))) return [];
  const inBody = statementInList(sel.node);
  const outer = statementInList(loop);
  if (!inBody || inBody.stmt.parent !== loop.statement || !outer || outer.stmt !== loop) return [];
  const sf = call.getSourceFile();
  const timerClass = timerName(call, sf);
  if (!timerClass) return [];
  const names = identifiersOf(sf);
  let name = 'timer';
  for (let i = 2; names.has(name); i++) name = `timer${i}`;
  const list = outer.list;
  const i = list.indexOf(loop);
  const indentOf = (n: ts.Node) => sf.text.slice(lineStartOf(sf, n.getStart(sf)), n.getStart(sf));
  const loopIndent = indentOf(loop);
  const bodyIndent = indentOf(inBody.stmt);
  if (loopIndent.trim() || bodyIndent.trim()) return [];
  // the loop, with the after() replaced and the reset() inserted, wrapped in try/finally
  const loopStart = loop.getStart(sf);
  const inner = [
    { start: call.getStart(sf), end: call.getEnd(), text: `${name}.c` },
    {
      start: inBody.stmt.getStart(sf),
      end: inBody.stmt.getStart(sf),
      text: `${name}.reset(${ms.getText(sf)});\n${bodyIndent}`,
    },
  ].sort((a, b) => b.start - a.start);
  let loopText = sf.text.slice(loopStart, loop.getEnd());
  for (const e of inner)
    loopText = loopText.slice(0, e.start - loopStart) + e.text + loopText.slice(e.end - loopStart);
  const wrapped = wrapInTryFinally(sf, list, i, i, `${name}.stop();`);
  if (!wrapped) return [];
  const unit = loopIndent.includes('\t') ? '\t' : '  ';
  const reindented = loopText
    .split('\n')
    .map((l, k) =>
      k === 0 ? l : l.startsWith(loopIndent) ? loopIndent + unit + l.slice(loopIndent.length) : l,
    )
    .join('\n');
  const edits: TextEdit[] = [
    {
      ...wrapped,
      newText: `const ${name} = new ${timerClass.text}(${ms.getText(sf)});\n${loopIndent}try {\n${loopIndent}${unit}${reindented}\n${loopIndent}} finally {\n${loopIndent}${unit}${name}.stop();\n${loopIndent}}`,
    },
  ];
  if (timerClass.importEdit) edits.push(timerClass.importEdit);
  return [{ title: `reuse one Timer (${name}) across the loop instead of after() each iteration`, edits }];
}

function declaredOutside(id: ts.Identifier, loop: ts.Node): boolean {
  // a name declared in the loop (its variable, or a const in its body) changes per iteration
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      (ts.isVariableDeclaration(n) || ts.isParameter(n)) &&
      ts.isIdentifier(n.name) &&
      n.name.text === id.text
    )
      found = true;
    else ts.forEachChild(n, visit);
  };
  visit(loop);
  return !found;
}

/** Every identifier spelled in the file: a new name must shadow none of them. */
function identifiersOf(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** How to name `Timer` at the call: `g.Timer` beside `g.after`, or a named import (added when missing). */
function timerName(
  call: ts.CallExpression,
  sf: ts.SourceFile,
): { text: string; importEdit?: TextEdit } | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return { text: `${callee.expression.getText(sf)}.Timer` };
  if (!ts.isIdentifier(callee)) return undefined;
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const named = stmt.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named) || stmt.importClause?.isTypeOnly) continue;
    if (!named.elements.some((e) => e.name.text === callee.text)) continue;
    const existing = named.elements.find((e) => (e.propertyName ?? e.name).text === 'Timer' && !e.isTypeOnly);
    if (existing) return { text: existing.name.text };
    const last = named.elements.at(-1)!;
    return {
      text: 'Timer',
      importEdit: { fileName: sf.fileName, start: last.getEnd(), end: last.getEnd(), newText: ', Timer' },
    };
  }
  return undefined;
}
