// The receiving side closing a channel that other goroutines still send on makes them panic.
import type { Op } from '../../analysis/index.js';
import type { Check } from '../check.js';
import { lineOf } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR2103',
    name: 'close-by-receiver',
    title: 'A receiver closes a channel that other goroutines send on',
    severity: 'error',
    doc: {
      why: 'Closing is the sender\'s signal that no more values come. A receiver that closes the channel while a sender is still running makes that sender\'s next send() panic with "send on closed channel". To stop senders, close a separate done channel or cancel a context.',
      wrong: `go(async () => { for (;;) await jobs.send(next()); });
for await (const j of jobs) {
  if (j.last) { jobs.close(); break; } // the sender panics
}`,
      right: `const [ctx, cancel] = context.withCancel(context.background());
go(async () => {
  while (!ctx.err()) await select(send(jobs, next()), recv(ctx.done()));
});
for await (const j of jobs) {
  if (j.last) { cancel(); break; }
}`,
      whenNotToUse: 'When every sender has provably finished before the close.',
    },
  },
  run(ctx) {
    for (const close of ctx.file.ops) {
      if (close.kind !== 'close' || !close.target) continue;
      const key = close.target.key;
      const me = ctx.flow.goroutineOf(close.fn);
      const mine = (o: Op) => ctx.flow.goroutineOf(o.fn) === me;
      const onChan = ctx.file.ops.filter(
        (o) => o.target?.key === key || o.cases?.some((c) => c.channel?.key === key),
      );
      const sendsHere = (o: Op) =>
        o.kind === 'send' || !!o.cases?.some((c) => c.kind === 'send' && c.channel?.key === key);
      const receivesHere = (o: Op) =>
        o.kind === 'recv' ||
        o.kind === 'recvOk' ||
        o.kind === 'range' ||
        !!o.cases?.some((c) => c.kind === 'recv' && c.channel?.key === key);
      const myOps = onChan.filter(mine);
      if (!myOps.some(receivesHere) || myOps.some(sendsHere)) continue;
      // closing after waiting for the senders (wg.wait(), g.wait()), or before receiving what they
      // sent, is the sender side's close done by the coordinator
      const at = close.node.getStart();
      if (close.fn.ops.some((o) => (o.kind === 'wgWait' || o.kind === 'groupWait') && o.node.getStart() < at))
        continue;
      if (!myOps.some((o) => receivesHere(o) && o.node.getStart() < at)) continue;
      const otherSender = onChan.find(
        (o) => !mine(o) && sendsHere(o) && ctx.flow.goroutineOf(o.fn).spawnedBy.length > 0,
      );
      if (!otherSender) continue;
      ctx.report({
        node: close.node,
        message: `${close.target.text} is closed by its receiver while the goroutine at line ${lineOf(otherSender.node)} still sends on it: that send panics (send on closed channel)`,
        related: [{ node: otherSender.node, message: 'sends here' }],
      });
    }
  },
};
