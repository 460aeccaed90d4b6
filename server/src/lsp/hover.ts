// Hover on runtime values: a channel's element type, capacity and direction; a lock and whether
// this goroutine holds it here; which lock a `using` guard holds.
import { ts } from 'ts-morph';
import type { Hover } from 'vscode-languageserver/node';
import { skipParens, type Flow, type Op, type Resource, type Workspace } from '../analysis/index.js';
import { rangeOf } from './convert.js';

export function hoverAt(ws: Workspace, flow: Flow, sf: ts.SourceFile, offset: number): Hover | undefined {
  const facts = ws.factsOf(sf.fileName);
  if (!facts?.usesRuntime) return undefined;
  const id = identifierAt(sf, offset);
  if (!id) return undefined;
  const range = rangeOf(sf, id.getStart(sf), id.getEnd());
  // the `_` of `using _ = await mu.lock()`
  if (
    ts.isVariableDeclaration(id.parent) &&
    id.parent.name === id &&
    id.parent.parent.flags & ts.NodeFlags.Using
  ) {
    const guardOp = facts.ops.find((o) => o.implicit && o.node === id.parent.parent);
    if (guardOp?.target) {
      const block = id.parent.parent.parent.parent;
      const end = sf.getLineAndCharacterOfPosition(block.getEnd()).line + 1;
      return md(
        `(guard) ${id.text}: holds ${guardOp.target.text}.${guardOp.kind === 'unlock' ? 'lock' : 'rlock'}() until the end of the block (line ${end})`,
        range,
      );
    }
  }
  const expr: ts.Expression =
    ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : id;
  const r = flow.resolver.resourceOf(expr);
  if (!r) return undefined;
  const lines: string[] = [];
  switch (r.type) {
    case 'Chan':
    case 'SendChan':
    case 'RecvChan': {
      const dir =
        r.type === 'Chan' ? 'send and receive' : r.type === 'SendChan' ? 'send only' : 'receive only';
      lines.push(`(channel) ${r.text}: ${typeText(ws, expr, r)}`, `${capacityText(facts.ops, r)}; ${dir}`);
      break;
    }
    case 'Mutex':
    case 'RWMutex':
    case 'Locker': {
      lines.push(
        `(${r.type === 'Mutex' ? 'mutex' : r.type === 'RWMutex' ? 'read-write mutex' : 'locker'}) ${r.text}: ${r.type}`,
      );
      const op = facts.ops.find(
        (o) => o.node.getStart() <= offset && offset < o.node.getEnd() && !o.implicit,
      );
      if (op) {
        const held = flow.heldBefore(op).find((h) => h.resource.key === r.key);
        const line = held && sf.getLineAndCharacterOfPosition(held.op.node.getStart()).line + 1;
        lines.push(held ? `held here (${held.mode}() at line ${line})` : 'not held here on every path');
      }
      break;
    }
    default:
      lines.push(`(${r.type}) ${r.text}`);
  }
  return md(lines.join('\n\n'), range);
}

function md(text: string, range: Hover['range']): Hover {
  return {
    contents: {
      kind: 'markdown',
      value: text
        .split('\n\n')
        .map((l, i) => (i === 0 ? '```\n' + l + '\n```' : l))
        .join('\n\n'),
    },
    ...(range ? { range } : {}),
  };
}

function identifierAt(sf: ts.SourceFile, offset: number): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const visit = (n: ts.Node): void => {
    if (offset < n.getStart(sf) || offset > n.getEnd()) return;
    if (ts.isIdentifier(n)) found = n;
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
}

function typeText(ws: Workspace, expr: ts.Expression, r: Resource): string {
  const checker = ws.getChecker();
  const t = checker.typeToString(checker.getTypeAtLocation(expr));
  if (/^(Chan|SendChan|RecvChan)</.test(t)) return t;
  const d = r.decl;
  if (d && (ts.isVariableDeclaration(d) || ts.isParameter(d) || ts.isPropertyDeclaration(d))) {
    if (d.type) return d.type.getText();
    const init = d.initializer && skipParens(d.initializer);
    if (init && ts.isCallExpression(init) && init.typeArguments?.length)
      return `${r.type}<${init.typeArguments.map((a) => a.getText()).join(', ')}>`;
  }
  return r.type;
}

function capacityText(ops: readonly Op[], r: Resource): string {
  const make = ops.find((o) => o.kind === 'make' && o.target?.key === r.key);
  if (!make) return r.decl && ts.isParameter(r.decl) ? 'capacity set by the caller' : 'capacity unknown';
  if (make.capacity === undefined) return `buffered, capacity ${make.args[0]?.getText() ?? '?'}`;
  return make.capacity === 0 ? 'unbuffered' : `buffered, capacity ${make.capacity}`;
}
