// select() with no case that can ever fire blocks its goroutine forever.
import type { Check } from '../check.js';

export const check: Check = {
  meta: {
    id: 'GR2104',
    name: 'empty-select',
    title: 'A select that can never proceed',
    severity: 'error',
    doc: {
      why: 'select() with no cases blocks forever, as `select {}` does in Go; so does a select whose every case has a null channel and no otherwise(). The goroutine leaks, or the program deadlocks.',
      wrong: `await select(); // wait forever`,
      right: `await ctx.done().recv(); // wait until cancelled`,
      whenNotToUse:
        "When blocking the goroutine forever is the intent (a server's main goroutine that others keep busy).",
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.kind !== 'select' || !op.cases) continue;
      if (op.args.length === 0)
        ctx.report({ node: op.node, message: 'select() with no cases blocks forever' });
      else if (
        op.cases.length === op.args.length &&
        op.cases.every((c) => c.kind !== 'otherwise' && c.channel === null)
      )
        ctx.report({
          node: op.node,
          message: 'every case of this select has a null channel: it blocks forever',
        });
    }
  },
};
