// The Channels view: every channel the program still holds, its length and capacity, whether it is
// closed, and the goroutines parked sending and receiving on it (a click reveals the goroutine).
import { stackNode, type InspectorNode } from './nodes.js';
import type { SnapshotIndex } from './model.js';
import { InspectorView } from './view.js';

export class ChannelsView extends InspectorView {
  protected roots(index: SnapshotIndex): InspectorNode[] {
    const { channels } = index.snapshot;
    // Channels with parked goroutines first: they are the ones a stuck program is stuck on.
    const ranked = [...channels].sort(
      (a, b) =>
        b.sendWaiters.length + b.recvWaiters.length - (a.sendWaiters.length + a.recvWaiters.length) ||
        a.id - b.id,
    );
    return ranked.map((c) => ({ kind: 'channel', c, key: `c${c.id}`, parent: undefined }));
  }

  protected override children(node: InspectorNode): InspectorNode[] | undefined {
    if (node.kind !== 'channel') return undefined;
    const c = node.c;
    return [
      { kind: 'refs', title: 'waiting to send', ids: c.sendWaiters, key: `${node.key}/send`, parent: node },
      {
        kind: 'refs',
        title: 'waiting to receive',
        ids: c.recvWaiters,
        key: `${node.key}/recv`,
        parent: node,
      },
      stackNode(node, 'created at', c.createdAt),
    ];
  }
}
