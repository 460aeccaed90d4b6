// wg.done() on a WaitGroup nothing adds to drives the counter negative.
import type { Check } from '../check.js';

export const check: Check = {
  meta: {
    id: 'GR1005',
    name: 'wg-done-without-add',
    title: 'wg.done() on a WaitGroup that nothing adds to',
    severity: 'error',
    doc: {
      why: 'done() is add(-1). Without a matching add(), the counter goes negative and the program panics with "sync: negative WaitGroup counter".',
      wrong: `const wg = new WaitGroup();
go(async () => {
  try { await work(); } finally { wg.done(); }
});
await wg.wait();`,
      right: `const wg = new WaitGroup();
wg.add(1);
go(async () => {
  try { await work(); } finally { wg.done(); }
});
await wg.wait();`,
      whenNotToUse: 'When the WaitGroup escapes to code the checker does not see, which adds to it.',
    },
  },
  run(ctx) {
    const created = new Map<string, boolean>();
    for (const op of ctx.file.ops)
      if (op.kind === 'new' && op.name === 'WaitGroup' && op.target) created.set(op.target.key, true);
    const added = new Set<string>();
    for (const op of ctx.file.ops) {
      if (!op.target) continue;
      if (op.kind === 'wgAdd' || (op.kind === 'spawn' && op.target.type === 'WaitGroup'))
        added.add(op.target.key);
    }
    // a WaitGroup passed to code outside this file may be added to there
    const escapes = new Set<string>();
    for (const op of ctx.file.ops)
      if ((op.kind === 'call' || op.kind === 'spawn') && op.callee && op.callee.getSourceFile() !== ctx.sf)
        for (const a of op.args) {
          const r = ctx.flow.resolver.resourceOf(a, op.fn);
          if (r) escapes.add(r.key);
        }
    for (const op of ctx.file.ops) {
      if (op.kind !== 'wgDone' || !op.target) continue;
      const key = op.target.key;
      if (!created.has(key) || added.has(key) || escapes.has(key)) continue;
      if (op.target.decl && isExported(op.target.decl)) continue;
      ctx.report({
        node: op.node,
        message: `${op.target.text}.done() but nothing calls ${op.target.text}.add(): the counter goes negative`,
      });
    }
  },
};

function isExported(decl: import('ts-morph').ts.Node): boolean {
  return /^\s*export\b/.test(decl.parent?.parent?.getText() ?? '');
}
