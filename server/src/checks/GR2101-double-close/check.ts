// Closing a closed channel panics: "close of closed channel".
import { CLOSED } from '../../analysis/index.js';
import type { Check } from '../check.js';
import { lineOf } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR2101',
    name: 'double-close',
    title: 'A channel is closed twice',
    severity: 'error',
    doc: {
      why: 'close() of a closed channel panics with "close of closed channel". Only one party, normally the sole sender, closes a channel, once.',
      wrong: `for (const v of values) await out.send(v);
out.close();
…
out.close();`,
      right: `try {
  for (const v of values) await out.send(v);
} finally {
  out.close();
}`,
      whenNotToUse: 'Never: the second close always panics.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.kind !== 'close' || !op.target) continue;
      const first = ctx.flow.stateBefore(op, CLOSED, 'must').get(op.target.key);
      if (!first) continue;
      ctx.report({
        node: op.node,
        message: `${op.target.text}.close() of a channel already closed at line ${lineOf(first.node)}: panics (close of closed channel)`,
        related: [{ node: first.node, message: 'first close' }],
      });
    }
  },
};
