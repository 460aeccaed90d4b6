// The Problems view: what the runtime detected (deadlock, goroutine leaks, lock-order inversions,
// recursive locking, long lock waits) as top rows, each leading to the goroutines involved and their
// source.
import { refNode, stackNode, type InspectorNode } from './nodes.js';
import { problemLocks, type SnapshotIndex } from './model.js';
import { InspectorView } from './view.js';
import type { SnapshotProblem } from './schema.js';

export class ProblemsView extends InspectorView {
  protected roots(index: SnapshotIndex): InspectorNode[] {
    return index.problems.map((p, i) => ({
      kind: 'problem',
      p,
      key: `p${i}:${p.kind}:${p.message}`,
      parent: undefined,
    }));
  }

  protected override children(node: InspectorNode, index: SnapshotIndex): InspectorNode[] | undefined {
    if (node.kind !== 'problem') return undefined;
    const p: SnapshotProblem = node.p;
    const out: InspectorNode[] = [];
    switch (p.kind) {
      case 'deadlock':
        for (const id of p.goroutines) out.push(refNode(node, id, 'blocked', index));
        break;
      case 'goroutine-leak':
        // The goroutine leads to where it parked; its creation site follows.
        out.push(
          refNode(node, p.goroutine, p.waitReason, index, p.parkedAt.length ? p.parkedAt : p.createdAt),
        );
        if (p.parkedAt.length && p.createdAt.length) out.push(stackNode(node, 'created at', p.createdAt));
        break;
      case 'lock-order':
        out.push(
          refNode(node, p.first.goroutine, `locked ${p.locks[0]} then ${p.locks[1]}`, index, p.first.frames),
        );
        out.push(
          refNode(
            node,
            p.second.goroutine,
            `locked ${p.locks[1]} then ${p.locks[0]}`,
            index,
            p.second.frames,
          ),
        );
        break;
      case 'recursive-lock':
        out.push(refNode(node, p.held.goroutine, 'holds it', index, p.held.frames));
        out.push(refNode(node, p.again.goroutine, 'locks it again', index, p.again.frames));
        break;
      case 'lock-wait':
        out.push(
          refNode(node, p.waiter.goroutine, `waited ${Math.round(p.waitedMs)} ms`, index, p.waiter.frames),
        );
        if (p.holder) out.push(refNode(node, p.holder.goroutine, 'holds it', index, p.holder.frames));
        break;
      default:
        break;
    }
    for (const id of problemLocks(p)) {
      out.push({
        kind: 'object',
        object: 'lock',
        id,
        role: 'involved',
        key: `${node.key}/l${id}`,
        parent: node,
      });
    }
    return out;
  }
}
