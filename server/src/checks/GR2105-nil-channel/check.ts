// A channel variable that is always null: send and receive block forever, close throws.
import { ts } from 'ts-morph';
import type { Check } from '../check.js';

export const check: Check = {
  meta: {
    id: 'GR2105',
    name: 'nil-channel',
    title: 'An operation on a channel that is always null',
    severity: 'error',
    doc: {
      why: "A channel variable initialised to null and never assigned is Go's nil channel: sending or receiving on it blocks forever (as a select case it never fires), and closing it fails.",
      wrong: `let results: Chan<string> | null = null;
…
await results!.send(v); // results was never assigned`,
      right: `const results = chan<string>();
…
await results.send(v);`,
      whenNotToUse: 'When the variable is assigned through code the checker does not see (eval, a debugger).',
    },
  },
  run(ctx) {
    const assigned = new Set<ts.Symbol>();
    const visit = (n: ts.Node): void => {
      if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
      ) {
        const s = ctx.checker.getSymbolAtLocation(n.left);
        if (s) assigned.add(s);
      }
      n.forEachChild(visit);
    };
    visit(ctx.sf);
    for (const op of ctx.file.ops) {
      if (!['send', 'recv', 'recvOk', 'range', 'close'].includes(op.kind) || !op.target?.decl) continue;
      const d = op.target.decl;
      if (!ts.isVariableDeclaration(d) || !ts.isIdentifier(d.name) || !d.initializer) continue;
      if (d.initializer.kind !== ts.SyntaxKind.NullKeyword) continue;
      const sym = ctx.checker.getSymbolAtLocation(d.name);
      if (!sym || assigned.has(sym)) continue;
      const what =
        op.kind === 'close'
          ? 'close of a null channel throws'
          : `${op.kind === 'send' ? 'send' : 'receive'} on a null channel blocks forever`;
      ctx.report({
        node: op.node,
        message: `${op.target.text} is always null here: ${what}`,
        related: [{ node: d, message: 'declared null and never assigned' }],
      });
    }
  },
};
