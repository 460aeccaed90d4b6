// The wait-for graph: goroutines, channels and locks as nodes, "waits on" and "held by" as edges,
// built from one snapshot. Cycles (goroutines waiting on locks held by each other) and the
// goroutines and locks of detected problems are highlighted. Shared with the webview as plain JSON.
import { findCycles } from './cycles.js';
import { problemGoroutines, problemLocks, userFrame, type SnapshotIndex } from './model.js';
import { goroutineTitle, stateLabel } from './format.js';
import type { SnapshotFrame } from './schema.js';

export type GraphNodeKind = 'goroutine' | 'channel' | 'lock';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  detail: string;
  highlighted: boolean;
  /** The source to open for this node. */
  frame: SnapshotFrame | null;
  /** The goroutine to reveal (goroutine nodes only). */
  goroutine: number | null;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'waits' | 'holds';
  label: string;
  highlighted: boolean;
}

export interface GraphModel {
  takenAt: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node ids of each wait-for cycle found (strongly connected, more than one node). */
  cycles: string[][];
  /** Nodes left out to keep the layout fast (the highlighted ones are always kept). */
  omitted: number;
}

/** Past this many nodes the graph keeps the highlighted ones and those next to them. */
export const MAX_GRAPH_NODES = 300;

const gid = (id: number): string => `g${id}`;
const cid = (id: number): string => `c${id}`;
const lid = (id: number): string => `l${id}`;

export function buildGraph(index: SnapshotIndex): GraphModel {
  const { snapshot } = index;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();

  const goroutine = (id: number): string => {
    const key = gid(id);
    if (!nodes.has(key)) {
      const g = index.goroutines.get(id);
      nodes.set(key, {
        id: key,
        kind: 'goroutine',
        label: g ? goroutineTitle(g) : `goroutine ${id}`,
        detail: g ? stateLabel(g) : '',
        highlighted: false,
        frame: (g && (userFrame(g.parkedAt) ?? userFrame(g.createdAt))) ?? null,
        goroutine: id,
      });
    }
    return key;
  };
  const edge = (source: string, target: string, kind: GraphEdge['kind'], label: string): void => {
    const id = `${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, kind, label, highlighted: false });
  };

  for (const c of snapshot.channels) {
    if (c.sendWaiters.length === 0 && c.recvWaiters.length === 0) continue;
    const key = cid(c.id);
    nodes.set(key, {
      id: key,
      kind: 'channel',
      label: `chan ${c.id}`,
      detail: `${c.length}/${c.capacity}${c.closed ? ', closed' : ''}`,
      highlighted: false,
      frame: userFrame(c.createdAt) ?? null,
      goroutine: null,
    });
    for (const id of c.sendWaiters) edge(goroutine(id), key, 'waits', 'send');
    for (const id of c.recvWaiters) edge(goroutine(id), key, 'waits', 'receive');
  }
  const involvedLocks = new Set(index.problems.flatMap(problemLocks));
  for (const l of snapshot.locks) {
    const busy = l.holder !== null || l.readHolders.length > 0;
    if (!busy && l.waiters.length === 0 && !involvedLocks.has(l.id)) continue;
    const key = lid(l.id);
    nodes.set(key, {
      id: key,
      kind: 'lock',
      label: `${l.kind} ${l.id}`,
      detail: l.holder !== null ? `held by ${l.holder}` : busy ? `${l.readHolders.length} reading` : 'free',
      highlighted: false,
      frame: userFrame(l.createdAt) ?? null,
      goroutine: null,
    });
    for (const id of l.waiters) edge(goroutine(id), key, 'waits', l.kind === 'WaitGroup' ? 'wait' : 'lock');
    if (l.holder !== null) edge(key, goroutine(l.holder), 'holds', 'held by');
    for (const id of l.readHolders) edge(key, goroutine(id), 'holds', 'read by');
  }
  // Waits the objects did not list (an object the runtime does not describe): from the goroutine's side.
  for (const g of snapshot.goroutines) {
    const t = index.waitTarget(g);
    if (!t) continue;
    const key = t.kind === 'channel' ? cid(t.id) : lid(t.id);
    if (nodes.has(key)) edge(goroutine(g.id), key, 'waits', g.waitReason);
  }
  for (const p of index.problems) {
    for (const id of problemGoroutines(p)) nodes.get(goroutine(id))!.highlighted = true;
    for (const id of problemLocks(p)) {
      const n = nodes.get(lid(id));
      if (n) n.highlighted = true;
    }
  }

  const cycles = findCycles([...nodes.keys()], [...edges.values()]);
  for (const cycle of cycles) {
    const members = new Set(cycle);
    for (const id of cycle) nodes.get(id)!.highlighted = true;
    for (const e of edges.values()) if (members.has(e.source) && members.has(e.target)) e.highlighted = true;
  }
  for (const e of edges.values()) {
    if (nodes.get(e.source)?.highlighted && nodes.get(e.target)?.highlighted) e.highlighted = true;
  }

  let kept = [...nodes.values()];
  let omitted = 0;
  if (kept.length > MAX_GRAPH_NODES) {
    const keep = new Set(kept.filter((n) => n.highlighted).map((n) => n.id));
    for (const e of edges.values()) {
      if (keep.size >= MAX_GRAPH_NODES) break;
      if (keep.has(e.source) || keep.has(e.target)) {
        keep.add(e.source);
        keep.add(e.target);
      }
    }
    for (const n of kept) {
      if (keep.size >= MAX_GRAPH_NODES) break;
      keep.add(n.id);
    }
    omitted = kept.length - keep.size;
    kept = kept.filter((n) => keep.has(n.id));
  }
  const keptIds = new Set(kept.map((n) => n.id));
  return {
    takenAt: snapshot.takenAt,
    nodes: kept,
    edges: [...edges.values()].filter((e) => keptIds.has(e.source) && keptIds.has(e.target)),
    cycles,
    omitted,
  };
}
