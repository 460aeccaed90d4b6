// The Locks view: mutexes, read-write mutexes, WaitGroups and the other sync objects, with who holds
// them (exclusively or for reading) and who waits; a click on a goroutine reveals it.
import { refNode, stackNode, type InspectorNode } from './nodes.js';
import type { SnapshotIndex } from './model.js';
import { InspectorView } from './view.js';

export class LocksView extends InspectorView {
  protected roots(index: SnapshotIndex): InspectorNode[] {
    const ranked = [...index.snapshot.locks].sort(
      (a, b) => b.waiters.length - a.waiters.length || a.id - b.id,
    );
    return ranked.map((l) => ({ kind: 'lock', l, key: `l${l.id}`, parent: undefined }));
  }

  protected override children(node: InspectorNode, index: SnapshotIndex): InspectorNode[] | undefined {
    if (node.kind !== 'lock') return undefined;
    const l = node.l;
    const out: InspectorNode[] = [];
    if (l.holder !== null) out.push(refNode(node, l.holder, 'holds it', index));
    if (l.readHolders.length)
      out.push({
        kind: 'refs',
        title: 'held for reading by',
        ids: l.readHolders,
        key: `${node.key}/readers`,
        parent: node,
      });
    out.push({ kind: 'refs', title: 'waiting', ids: l.waiters, key: `${node.key}/waiters`, parent: node });
    out.push(stackNode(node, 'created at', l.createdAt));
    return out;
  }
}
