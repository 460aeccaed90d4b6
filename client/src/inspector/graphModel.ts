// The wait-for graph: goroutines, channels and locks as nodes, "waits on" and "held by" as edges,
// built from one snapshot. Cycles (goroutines waiting on locks held by each other) and the members of
// detected problems (their goroutines, and the channels and locks those wait on) are highlighted. A
// large graph collapses interchangeable goroutines (same wait, same park site, same neighbours) into
// one group node with a count, so every goroutine is represented and the layout stays small; the
// highlighted nodes always stay on their own. Shared with the webview as plain JSON.
import { findCycles } from './cycles.js';
import { problemGoroutines, problemLocks, userFrame, type SnapshotIndex } from './model.js';
import { baseName, goroutineTitle, stateLabel } from './format.js';
import type { SnapshotFrame } from './schema.js';

export type GraphNodeKind = 'goroutine' | 'channel' | 'lock' | 'group';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  detail: string;
  highlighted: boolean;
  /** The source to open for this node (a group's: its first member's). */
  frame: SnapshotFrame | null;
  /** The goroutine to reveal (goroutine nodes; a group's first member). */
  goroutine: number | null;
  /** How many goroutines (or, for a group of channels or locks, objects) the node stands for. */
  count: number;
  /** What a group node collects. */
  groupOf?: 'goroutine' | 'channel' | 'lock';
  /** A group of goroutines: their wait reason (or state) and park site; a group of objects: their kind. */
  what?: string;
  site?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'waits' | 'holds';
  label: string;
  highlighted: boolean;
  /** How many edges of the full graph this one stands for (more than one between group nodes). */
  count: number;
}

export interface GraphModel {
  takenAt: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node ids of each wait-for cycle found (strongly connected, more than one node). */
  cycles: string[][];
  /** Goroutines the graph shows: on their own or counted in a group node. */
  goroutines: number;
  /** Of those, the goroutines counted in group nodes. */
  grouped: number;
}

/** Past this many nodes, interchangeable goroutines (and then channels and locks) become group nodes. */
export const GROUP_ABOVE = 100;

const gid = (id: number): string => `g${id}`;
const cid = (id: number): string => `c${id}`;
const lid = (id: number): string => `l${id}`;

/** Go's wait reason for a goroutine known only from the edge that lists it (one not in the page). */
const reasonOfEdge: Record<string, string> = {
  send: 'chan send',
  receive: 'chan receive',
  lock: 'lock',
  wait: 'sync.WaitGroup.Wait',
};

export interface GraphOptions {
  /** Node count past which groups are formed (GROUP_ABOVE by default). */
  groupAbove?: number;
}

export function buildGraph(index: SnapshotIndex, options: GraphOptions = {}): GraphModel {
  const { snapshot } = index;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();

  // Goroutine nodes get their text once they are known to be drawn on their own (see `finish`): a
  // graph of 100,000 goroutines mostly draws groups.
  const goroutine = (id: number): string => {
    const key = gid(id);
    if (!nodes.has(key)) {
      nodes.set(key, {
        id: key,
        kind: 'goroutine',
        label: '',
        detail: '',
        highlighted: false,
        frame: null,
        goroutine: id,
        count: 1,
      });
    }
    return key;
  };
  const leakedIn = new Map<number, string>();
  const finish = (n: GraphNode): GraphNode => {
    if (n.kind !== 'goroutine' || n.label !== '' || n.goroutine === null) return n;
    const id = n.goroutine;
    const g = index.goroutines.get(id);
    n.label = g ? goroutineTitle(g) : `goroutine ${id}`;
    // A leaked goroutine's channel or lock is gone (collected): the node says what it was waiting for.
    const leaked = leakedIn.get(id);
    n.detail = leaked !== undefined ? `leaked in ${leaked}` : g ? stateLabel(g) : '';
    n.frame = (g && (userFrame(g.parkedAt) ?? userFrame(g.createdAt))) ?? null;
    return n;
  };
  const edge = (source: string, target: string, kind: GraphEdge['kind'], label: string): void => {
    const id = `${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, kind, label, highlighted: false, count: 1 });
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
      count: 1,
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
      count: 1,
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
  // A problem's members: its goroutines and locks, and for a deadlock what its goroutines wait on.
  const deadlocked = new Set<string>();
  for (const p of index.problems) {
    for (const id of problemGoroutines(p)) {
      nodes.get(goroutine(id))!.highlighted = true;
      if (p.kind === 'deadlock') deadlocked.add(gid(id));
    }
    for (const id of problemLocks(p)) {
      const n = nodes.get(lid(id));
      if (n) n.highlighted = true;
    }
  }
  for (const e of edges.values()) {
    if (e.kind === 'waits' && deadlocked.has(e.source)) nodes.get(e.target)!.highlighted = true;
  }
  for (const p of index.problems) if (p.kind === 'goroutine-leak') leakedIn.set(p.goroutine, p.waitReason);

  // A cycle needs nodes with edges in and out: locks and the goroutines holding them (a channel has no
  // edge out, a goroutine holding nothing no edge in), which keeps the search small.
  const holding = new Set<string>();
  for (const e of edges.values()) if (e.kind === 'holds') holding.add(e.source).add(e.target);
  const cycles = findCycles(
    [...holding],
    [...edges.values()].filter((e) => holding.has(e.source) && holding.has(e.target)),
  );
  for (const cycle of cycles) {
    const members = new Set(cycle);
    for (const id of cycle) nodes.get(id)!.highlighted = true;
    for (const e of edges.values()) if (members.has(e.source) && members.has(e.target)) e.highlighted = true;
  }
  for (const e of edges.values()) {
    if (nodes.get(e.source)?.highlighted && nodes.get(e.target)?.highlighted) e.highlighted = true;
  }

  let all = { nodes: [...nodes.values()], edges: [...edges.values()] };
  const goroutines = all.nodes.filter((n) => n.kind === 'goroutine').length;
  const above = options.groupAbove ?? GROUP_ABOVE;
  // First goroutines with the same wait, park site and neighbours; if that is not enough, goroutines
  // whose neighbours only look alike (same kind and creation site), with those neighbours grouped too.
  if (all.nodes.length > above) all = collapse(all, index, false, finish);
  if (all.nodes.length > above) all = collapse(all, index, true, finish);
  for (const n of all.nodes) finish(n);
  const grouped = all.nodes.reduce(
    (n, x) => (x.kind === 'group' && x.groupOf === 'goroutine' ? n + x.count : n),
    0,
  );
  return { takenAt: snapshot.takenAt, nodes: all.nodes, edges: all.edges, cycles, goroutines, grouped };
}

interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const siteLabel = (f: SnapshotFrame | undefined): string => (f ? `${baseName(f.file)}:${f.line}` : '');

/** A small stable hash of a group's key, for a node id that survives live updates. */
function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

/**
 * Merges interchangeable nodes that are not highlighted into group nodes. Goroutines are
 * interchangeable when they have the same state and wait reason, the same park site and the same
 * neighbours (`loose`: neighbours of the same kind and creation site, or the same group); with `loose`,
 * channels and locks with the same creation site and the same (grouped) neighbours merge too.
 */
function collapse(
  graph: Graph,
  index: SnapshotIndex,
  loose: boolean,
  finish: (n: GraphNode) => GraphNode,
): Graph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const neighbours = new Map<string, { other: string; out: boolean; label: string }[]>();
  for (const e of graph.edges) {
    for (const [at, other, out] of [
      [e.source, e.target, true],
      [e.target, e.source, false],
    ] as const) {
      const list = neighbours.get(at);
      const item = { other, out, label: e.label };
      if (list) list.push(item);
      else neighbours.set(at, [item]);
    }
  }
  const groupKind = (n: GraphNode): GraphNode['groupOf'] => (n.kind === 'group' ? n.groupOf : n.kind);
  // How a neighbour is told apart: itself, or (loose) its kind and creation site.
  const looks = (id: string): string => {
    const n = byId.get(id)!;
    if (!loose || n.highlighted || n.kind === 'goroutine') return id;
    return `${groupKind(n)}@${n.frame ? `${n.frame.file}:${n.frame.line}` : id}`;
  };
  const signature = (id: string, look: (id: string) => string): string => {
    const list = neighbours.get(id) ?? [];
    const one = (x: (typeof list)[number]) => `${x.out ? '>' : '<'}${x.label}:${look(x.other)}`;
    // Most goroutines wait on one thing and hold nothing.
    if (list.length === 1) return one(list[0]!);
    return [...new Set(list.map(one))].sort().join(',');
  };

  const rep = new Map<string, string>();
  const out = new Map<string, GraphNode>();
  const merge = (
    members: GraphNode[],
    key: string,
    make: (first: GraphNode, count: number) => GraphNode,
  ): void => {
    if (members.length === 1) return;
    const first = finish(members[0]!);
    let id = `G${hash(key)}`;
    while (out.has(id)) id += '_';
    const count = members.reduce((n, m) => n + m.count, 0);
    out.set(id, { ...make(first, count), id });
    for (const m of members) rep.set(m.id, id);
  };

  // Goroutines (and groups of them, from the first pass).
  const gBuckets = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (n.highlighted || groupKind(n) !== 'goroutine') continue;
    const g = n.goroutine !== null && n.kind === 'goroutine' ? index.goroutines.get(n.goroutine) : undefined;
    const reason = n.kind === 'group' ? n.what : g ? (g.state === 'waiting' ? g.waitReason : g.state) : '';
    const site = n.kind === 'group' ? n.site : g ? siteLabel(userFrame(g.parkedAt)) : '?';
    const key = `g\0${reason}\0${site}\0${signature(n.id, looks)}`;
    const list = gBuckets.get(key);
    if (list) list.push(n);
    else gBuckets.set(key, [n]);
  }
  for (const [key, members] of gBuckets) {
    merge(members, key, (first, count) => {
      const g =
        first.kind === 'goroutine' && first.goroutine !== null
          ? index.goroutines.get(first.goroutine)
          : undefined;
      const firstEdge = (neighbours.get(first.id) ?? []).find((x) => x.out);
      const reason =
        first.kind === 'group'
          ? first.what!
          : g
            ? g.state === 'waiting'
              ? g.waitReason || 'waiting'
              : g.state
            : firstEdge
              ? (reasonOfEdge[firstEdge.label] ?? firstEdge.label)
              : 'goroutines';
      // '?': goroutines the page does not list, known only from the objects' waiter lists.
      const site = first.kind === 'group' ? first.site! : g ? siteLabel(userFrame(g.parkedAt)) : '?';
      return {
        id: '',
        kind: 'group',
        groupOf: 'goroutine',
        what: reason,
        site,
        label: `${count} × ${reason}`,
        detail: site === '?' ? 'not in the listed page' : site ? `at ${site}` : '',
        highlighted: false,
        frame: first.frame,
        goroutine: first.goroutine,
        count,
      };
    });
  }
  // Channels and locks whose neighbours are alike, once goroutines are grouped (loose pass only).
  if (loose) {
    const grouped = (id: string): string => rep.get(id) ?? id;
    const oBuckets = new Map<string, GraphNode[]>();
    for (const n of graph.nodes) {
      const kind = groupKind(n);
      if (n.highlighted || kind === 'goroutine' || kind === undefined) continue;
      const key = `${kind}\0${n.frame ? `${n.frame.file}:${n.frame.line}` : ''}\0${signature(n.id, grouped)}`;
      const list = oBuckets.get(key);
      if (list) list.push(n);
      else oBuckets.set(key, [n]);
    }
    for (const [key, members] of oBuckets) {
      merge(members, key, (first, count) => {
        const kind = groupKind(first)!;
        const what =
          first.kind === 'group'
            ? first.what!
            : kind === 'channel'
              ? 'chan'
              : first.label.replace(/ \d+$/, '');
        return {
          id: '',
          kind: 'group',
          groupOf: kind,
          what,
          label: `${count} × ${what}`,
          detail:
            first.kind === 'group' ? first.detail : first.frame ? `made at ${siteLabel(first.frame)}` : '',
          highlighted: false,
          frame: first.frame,
          goroutine: null,
          count,
        };
      });
    }
  }
  if (rep.size === 0) return graph;

  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    const r = rep.get(n.id);
    if (r === undefined) nodes.push(n);
    else if (out.has(r)) {
      nodes.push(out.get(r)!);
      out.delete(r);
    }
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const source = rep.get(e.source) ?? e.source;
    const target = rep.get(e.target) ?? e.target;
    const id = `${source}->${target}`;
    const seen = edges.get(id);
    if (seen) {
      seen.count += e.count;
      seen.highlighted ||= e.highlighted;
    } else edges.set(id, { ...e, id, source, target });
  }
  return { nodes, edges: [...edges.values()] };
}
