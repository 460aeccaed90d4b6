// wg.add() inside the goroutine it counts races with wg.wait() (staticcheck SA2000).
import { ts } from 'ts-morph';
import type { Check } from '../check.js';

export const check: Check = {
  meta: {
    id: 'GR1002',
    name: 'wg-add-in-goroutine',
    title: 'wg.add() is called inside the goroutine it counts',
    severity: 'error',
    doc: {
      why: 'The goroutine may not have started when wg.wait() runs, so wait() can see a zero counter and return before the work is done. Call add() before starting the goroutine, or use wg.go(f).',
      wrong: `for (const job of jobs) {
  go(async () => {
    wg.add(1);
    try { await run(job); } finally { wg.done(); }
  });
}
await wg.wait();`,
      right: `for (const job of jobs) {
  wg.add(1);
  go(async () => {
    try { await run(job); } finally { wg.done(); }
  });
}
await wg.wait();`,
      whenNotToUse:
        'When the goroutine adds for work it starts itself, and a wait() cannot run before an earlier add() of the same WaitGroup.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.kind !== 'wgAdd' || !op.target) continue;
      const g = ctx.flow.goroutineOf(op.fn);
      if (!g.spawnedBy.length) continue;
      const decl = op.target.decl;
      // a WaitGroup the goroutine made itself, or received as a parameter, is its own business
      if (!decl || isInside(decl, g.node)) continue;
      if ((op.delta ?? 1) <= 0) continue;
      const spawn = g.spawnedBy[0]!;
      ctx.report({
        node: op.node,
        message: `${op.target.text}.add() inside the goroutine races with ${op.target.text}.wait(); call it before go() (line ${spawn.node.getSourceFile().getLineAndCharacterOfPosition(spawn.node.getStart()).line + 1})`,
        related: [{ node: spawn.node, message: 'the goroutine starts here' }],
      });
    }
  },
};

function isInside(n: ts.Node, container: ts.Node): boolean {
  for (let c: ts.Node | undefined = n; c; c = c.parent) if (c === container) return true;
  return false;
}
