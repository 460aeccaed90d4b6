// wg.wait() inside the loop that starts the goroutines serialises them.
import type { Check } from '../check.js';
import { lineOf } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR1003',
    name: 'wg-wait-in-loop',
    title: 'wg.wait() inside the loop that starts the goroutines',
    severity: 'warning',
    doc: {
      why: 'Waiting inside the loop waits for each goroutine before starting the next: the work runs one at a time, and the WaitGroup buys nothing. Wait once, after the loop.',
      wrong: `for (const url of urls) {
  wg.go(() => fetchOne(url));
  await wg.wait();
}`,
      right: `for (const url of urls) {
  wg.go(() => fetchOne(url));
}
await wg.wait();`,
      whenNotToUse:
        'When the loop deliberately runs batches one after another and each iteration starts several goroutines.',
    },
  },
  run(ctx) {
    for (const wait of ctx.file.ops) {
      if (wait.kind !== 'wgWait' || !wait.target || !wait.loops.length) continue;
      const loop = wait.loops[0]!;
      const key = wait.target.key;
      const spawn = wait.fn.ops.find(
        (o) =>
          o.loops[0] === loop &&
          ((o.kind === 'spawn' && o.target?.key === key) ||
            (o.kind === 'wgAdd' && o.target?.key === key && o.node.getStart() < wait.node.getStart())),
      );
      if (!spawn) continue;
      // a batch loop starting several goroutines per iteration is deliberate
      const perIteration = wait.fn.ops.filter((o) => o.kind === 'spawn' && o.loops[0] === loop).length;
      if (perIteration > 1) continue;
      ctx.report({
        node: wait.node,
        message: `${wait.target.text}.wait() inside the loop waits for each goroutine in turn; move it after the loop (line ${lineOf(loop)})`,
        related: [{ node: spawn.node, message: 'the goroutine starts here' }],
      });
    }
  },
};
