// Sending on a closed channel panics: "send on closed channel".
import { CLOSED, type Op } from '../../analysis/index.js';
import type { Check } from '../check.js';
import { lineOf } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR2102',
    name: 'send-after-close',
    title: 'A send on a channel this code already closed',
    severity: 'error',
    doc: {
      why: 'send() on a closed channel panics with "send on closed channel". Close a channel after the last send, never before.',
      wrong: `results.close();
await results.send(summary);`,
      right: `await results.send(summary);
results.close();`,
      whenNotToUse: 'Never: the send always panics.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      const sends: { node: Op['node']; key: string; text: string }[] = [];
      if (op.kind === 'send' && op.target)
        sends.push({ node: op.node, key: op.target.key, text: op.target.text });
      if (op.kind === 'select')
        for (const c of op.cases ?? [])
          if (c.kind === 'send' && c.channel)
            sends.push({ node: c.call, key: c.channel.key, text: c.channel.text });
      if (!sends.length || !op.fn.ops.some((o) => o.kind === 'close')) continue;
      const closed = ctx.flow.stateBefore(op, CLOSED, 'must');
      for (const s of sends) {
        const first = closed.get(s.key);
        if (!first) continue;
        ctx.report({
          node: s.node,
          message: `send on ${s.text} after ${s.text}.close() at line ${lineOf(first.node)}: panics (send on closed channel)`,
          related: [{ node: first.node, message: 'closed here' }],
        });
      }
    }
  },
};
