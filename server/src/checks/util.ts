// Helpers shared by checks: positions and names for messages, and the edits of common quick fixes
// (add an await, move a release into a finally block).
import { ts } from 'ts-morph';
import type { Escape, Op } from '../analysis/index.js';
import { indentAt } from '../analysis/program.js';
import type { Fix, TextEdit } from './check.js';

/** 1-based line of a node, for messages ("line 12"). */
export function lineOf(n: ts.Node): number {
  return n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1;
}

/** A short name for what throws: "fetch()", "throw", "await load()". */
export function describeThrow(n: ts.Node | undefined): string {
  if (!n) return 'an exception is thrown';
  if (ts.isThrowStatement(n)) return `the throw at line ${lineOf(n)}`;
  let e: ts.Node = n;
  if (ts.isAwaitExpression(e)) e = e.expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
    const callee = e.expression.getText().replace(/\s+/g, '');
    const name = `${callee.length > 40 ? callee.slice(0, 40) + '…' : callee}()`;
    return `${ts.isNewExpression(e) ? 'new ' : ''}${name} throws`;
  }
  if (ts.isForOfStatement(e)) return `the loop at line ${lineOf(e)} throws`;
  return `line ${lineOf(n)} throws`;
}

/** Why `call` (e.g. "wg.done()") is missed on the path `esc` leaves by, for a message. */
export function notCalledMessage(call: string, esc: Escape): string {
  if (esc.via === 'throw') return `${call} is not called when ${describeThrow(esc.throwsAt)}`;
  if (esc.last?.isReturn && esc.last.ast)
    return `${call} is not called on the return at line ${lineOf(esc.last.ast)}`;
  return `${call} is not called on every path`;
}

/** The statement an op is evaluated in, when the op is the whole statement (`wg.done();`, `await mu.lock();`). */
export function ownStatement(op: Op): ts.Statement | undefined {
  let n: ts.Node = op.node;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent))) n = n.parent;
  return n.parent && ts.isExpressionStatement(n.parent) ? n.parent : undefined;
}

/** The statement containing a node that sits directly in a block (or source file / case clause) list. */
export function statementInList(
  n: ts.Node,
): { stmt: ts.Statement; list: ts.NodeArray<ts.Statement> } | undefined {
  for (let c: ts.Node | undefined = n; c && c.parent; c = c.parent) {
    const p = c.parent;
    if (
      ts.isBlock(p) ||
      ts.isSourceFile(p) ||
      ts.isCaseClause(p) ||
      ts.isDefaultClause(p) ||
      ts.isModuleBlock(p)
    )
      return { stmt: c as ts.Statement, list: p.statements };
    if (ts.isFunctionLike(p)) return undefined;
  }
  return undefined;
}

/** Where the line holding `pos` starts. */
export function lineStartOf(sf: ts.SourceFile, pos: number): number {
  return sf.text.lastIndexOf('\n', pos - 1) + 1;
}

/**
 * The lines of a statement that sits alone on its line(s), a comment after it included: from the
 * start of its first line to just past the line break that ends it (or the end of the file).
 */
export function ownLines(sf: ts.SourceFile, stmt: ts.Statement): { start: number; end: number } | undefined {
  const start = lineStartOf(sf, stmt.getStart(sf));
  if (sf.text.slice(start, stmt.getStart(sf)).trim()) return undefined;
  const rest = /^[ \t]*(\/\/[^\n]*)?(\r?\n|$)/.exec(sf.text.slice(stmt.getEnd()));
  return rest ? { start, end: stmt.getEnd() + rest[0].length } : undefined;
}

/** An edit deleting a statement: with its own lines when it has them, else just its text. */
export function deleteStatement(sf: ts.SourceFile, stmt: ts.Statement): TextEdit {
  const own = ownLines(sf, stmt);
  return own
    ? { fileName: sf.fileName, start: own.start, end: own.end, newText: '' }
    : { fileName: sf.fileName, start: stmt.getStart(sf), end: stmt.getEnd(), newText: '' };
}

/**
 * Wraps `list[from..to]` (inclusive) in `try { … } finally { <finallyText> }`, dropping the
 * statements in `drop` (the release being moved into the finally).
 */
export function wrapInTryFinally(
  sf: ts.SourceFile,
  list: readonly ts.Statement[],
  from: number,
  to: number,
  finallyText: string,
  drop: readonly ts.Statement[] = [],
): TextEdit | undefined {
  const first = list[from];
  const last = list[to];
  if (!first || !last) return undefined;
  const ind = indentAt(sf, first.getStart(sf));
  const unit = ind.includes('\t') ? '\t' : '  ';
  const body = list
    .slice(from, to + 1)
    .filter((s) => !drop.includes(s))
    .map((s) => {
      let text = sf.text.slice(s.getFullStart(), s.getEnd());
      // the previous line's trailing comment belongs to the previous statement
      const nl = text.indexOf('\n');
      if (nl >= 0 && nl < s.getStart(sf) - s.getFullStart()) text = text.slice(nl + 1);
      text = text.replace(/^\s*\n/, '');
      const lines = text.replace(/^[ \t]*/, '').split('\n');
      return lines
        .map((l, i) => (i === 0 ? ind + unit + l : l.startsWith(ind) ? ind + unit + l.slice(ind.length) : l))
        .join('\n');
    })
    .join('\n');
  const newText = `try {\n${body}\n${ind}} finally {\n${ind}${unit}${finallyText}\n${ind}}`;
  return { fileName: sf.fileName, start: first.getStart(sf), end: last.getEnd(), newText };
}

/** A fix inserting `await ` before an op's call. */
export function addAwaitFix(op: Op): Fix {
  const sf = op.node.getSourceFile();
  return {
    title: `add await before ${op.node.getText().split('(')[0]}()`,
    edits: [{ fileName: sf.fileName, start: op.node.getStart(), end: op.node.getStart(), newText: 'await ' }],
  };
}

/** The function-like node (or source file) directly containing a node. */
export function enclosingFunction(n: ts.Node): ts.Node | undefined {
  for (let c = n.parent; c; c = c.parent) if (ts.isFunctionLike(c) || ts.isSourceFile(c)) return c;
  return undefined;
}
