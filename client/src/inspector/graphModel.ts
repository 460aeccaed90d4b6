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

/** One edge of a goroutine, from its side: `waits` goes to `node`, `holds` comes from it. */
interface Link {
  node: string;
  kind: GraphEdge['kind'];
  label: string;
}

/** Goroutines drawn as one node: same wait, park site and (alike) neighbours. */
interface Bucket {
  key: string;
  ids: number[];
  reason: string;
  site: string;
}

/** The buckets by key, and each bucketed goroutine's bucket. */
interface Buckets {
  byKey: Map<string, Bucket>;
  of: Map<number, Bucket>;
}

const siteLabel = (f: SnapshotFrame | undefined): string => (f ? `${baseName(f.file)}:${f.line}` : '');
const siteKey = (f: SnapshotFrame | null): string => (f ? `${f.file}:${f.line}` : '');

/** A small stable hash of a group's key, for a node id that survives live updates. */
function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

export function buildGraph(index: SnapshotIndex, options: GraphOptions = {}): GraphModel {
  const { snapshot } = index;
  // Channels and locks are nodes from the start; goroutines are kept as their links until it is known
  // whether they are drawn alone or counted in a group (a graph of 100,000 goroutines mostly draws groups).
  const objects = new Map<string, GraphNode>();
  const links = new Map<number, Link[]>();
  const objectLinks = new Map<string, { g: number; link: Link }[]>();
  const goroutine = (id: number): Link[] => {
    let list = links.get(id);
    if (!list) links.set(id, (list = []));
    return list;
  };
  const link = (id: number, node: string, kind: Link['kind'], label: string): void => {
    const list = goroutine(id);
    for (const l of list) if (l.node === node && l.kind === kind) return;
    const l = { node, kind, label };
    list.push(l);
    const back = objectLinks.get(node);
    if (back) back.push({ g: id, link: l });
    else objectLinks.set(node, [{ g: id, link: l }]);
  };
  const object = (
    key: string,
    kind: 'channel' | 'lock',
    label: string,
    detail: string,
    frame: SnapshotFrame | null,
  ) =>
    objects.set(key, { id: key, kind, label, detail, highlighted: false, frame, goroutine: null, count: 1 });

  for (const c of snapshot.channels) {
    if (c.sendWaiters.length === 0 && c.recvWaiters.length === 0) continue;
    const key = cid(c.id);
    const detail = `${c.length}/${c.capacity}${c.closed ? ', closed' : ''}`;
    object(key, 'channel', `chan ${c.id}`, detail, userFrame(c.createdAt) ?? null);
    for (const id of c.sendWaiters) link(id, key, 'waits', 'send');
    for (const id of c.recvWaiters) link(id, key, 'waits', 'receive');
  }
  const involvedLocks = new Set(index.problems.flatMap(problemLocks));
  for (const l of snapshot.locks) {
    const busy = l.holder !== null || l.readHolders.length > 0;
    if (!busy && l.waiters.length === 0 && !involvedLocks.has(l.id)) continue;
    const key = lid(l.id);
    const detail =
      l.holder !== null ? `held by ${l.holder}` : busy ? `${l.readHolders.length} reading` : 'free';
    object(key, 'lock', `${l.kind} ${l.id}`, detail, userFrame(l.createdAt) ?? null);
    for (const id of l.waiters) link(id, key, 'waits', l.kind === 'WaitGroup' ? 'wait' : 'lock');
    if (l.holder !== null) link(l.holder, key, 'holds', 'held by');
    for (const id of l.readHolders) link(id, key, 'holds', 'read by');
  }
  // Waits the objects did not list (an object the runtime does not describe): from the goroutine's side.
  for (const g of snapshot.goroutines) {
    const t = index.waitTarget(g);
    if (!t) continue;
    const key = t.kind === 'channel' ? cid(t.id) : lid(t.id);
    // Labelled as the objects' own lists label it, so such a goroutine groups with the listed ones.
    const label =
      t.kind === 'channel'
        ? /^chan send/.test(g.waitReason)
          ? 'send'
          : /^chan receive/.test(g.waitReason)
            ? 'receive'
            : g.waitReason
        : index.locks.get(t.id)?.kind === 'WaitGroup'
          ? 'wait'
          : 'lock';
    if (objects.has(key)) link(g.id, key, 'waits', label);
  }

  // Highlighted: a problem's goroutines and locks, what a deadlock's goroutines wait on, and cycles.
  const hotGoroutines = new Set<number>();
  const leakedIn = new Map<number, string>();
  for (const p of index.problems) {
    for (const id of problemGoroutines(p)) {
      goroutine(id);
      hotGoroutines.add(id);
      if (p.kind === 'deadlock') {
        for (const l of links.get(id)!) if (l.kind === 'waits') objects.get(l.node)!.highlighted = true;
      }
    }
    for (const id of problemLocks(p)) {
      const n = objects.get(lid(id));
      if (n) n.highlighted = true;
    }
    if (p.kind === 'goroutine-leak') leakedIn.set(p.goroutine, p.waitReason);
  }
  // A cycle needs nodes with edges in and out: locks and the goroutines holding them (a channel has no
  // edge out, a goroutine holding nothing no edge in), which keeps the search small.
  const cycleIds = new Set<string>();
  const cycleEdges: { source: string; target: string }[] = [];
  for (const [id, list] of links) {
    if (!list.some((l) => l.kind === 'holds')) continue;
    cycleIds.add(gid(id));
    for (const l of list) {
      cycleIds.add(l.node);
      cycleEdges.push(
        l.kind === 'holds' ? { source: l.node, target: gid(id) } : { source: gid(id), target: l.node },
      );
    }
  }
  const cycles = findCycles([...cycleIds], cycleEdges);
  for (const cycle of cycles) {
    for (const id of cycle) {
      if (id.startsWith('g')) hotGoroutines.add(Number(id.slice(1)));
      else objects.get(id)!.highlighted = true;
    }
  }

  // Interchangeable goroutines become groups when the graph is large: first those with the same wait,
  // park site and neighbours; if that is not enough, those whose neighbours only look alike (same kind
  // and creation site), with those neighbours grouped too.
  const above = options.groupAbove ?? GROUP_ABOVE;
  let buckets: Buckets | null = null;
  let objectRep: Map<string, string> | null = null;
  if (objects.size + links.size > above) {
    buckets = bucketGoroutines(index, links, hotGoroutines, (node) => node);
    if (objects.size + countNodes(buckets, links.size) > above) {
      const looks = (node: string): string => {
        const n = objects.get(node)!;
        return n.highlighted ? node : `${n.kind}@${siteKey(n.frame)}`;
      };
      buckets = bucketGoroutines(index, links, hotGoroutines, looks);
      objectRep = groupObjects(objects, objectLinks, buckets);
    }
  }

  // The nodes and edges drawn.
  const nodes: GraphNode[] = [];
  const rep = new Map<number, string>();
  let grouped = 0;
  const finish = (id: number): GraphNode => {
    const g = index.goroutines.get(id);
    const leaked = leakedIn.get(id);
    return {
      id: gid(id),
      kind: 'goroutine',
      label: g ? goroutineTitle(g) : `goroutine ${id}`,
      // A leaked goroutine's channel or lock is gone (collected): the node says what it was waiting for.
      detail: leaked !== undefined ? `leaked in ${leaked}` : g ? stateLabel(g) : '',
      highlighted: hotGoroutines.has(id),
      frame: (g && (userFrame(g.parkedAt) ?? userFrame(g.createdAt))) ?? null,
      goroutine: id,
      count: 1,
    };
  };
  const groupNodes = new Map<string, GraphNode>();
  for (const [id] of links) {
    const bucket = buckets?.of.get(id);
    if (!bucket || bucket.ids.length === 1) {
      nodes.push(finish(id));
      continue;
    }
    let node = groupNodes.get(bucket.key);
    if (!node) {
      const first = finish(bucket.ids[0]!);
      let nodeId = `G${hash(bucket.key)}`;
      while (groupNodes.has(nodeId) || objects.has(nodeId)) nodeId += '_';
      node = {
        id: nodeId,
        kind: 'group',
        groupOf: 'goroutine',
        what: bucket.reason,
        site: bucket.site,
        label: `${bucket.ids.length} × ${bucket.reason}`,
        // '?': goroutines the page does not list, known only from the objects' waiter lists.
        detail: bucket.site === '?' ? 'not in the listed page' : bucket.site ? `at ${bucket.site}` : '',
        highlighted: false,
        frame: first.frame,
        goroutine: first.goroutine,
        count: bucket.ids.length,
      };
      groupNodes.set(bucket.key, node);
      nodes.push(node);
      grouped += bucket.ids.length;
    }
    rep.set(id, node.id);
  }
  const objectGroups = new Map<string, GraphNode>();
  for (const [key, n] of objects) {
    const r = objectRep?.get(key);
    if (r === undefined) {
      nodes.push(n);
      continue;
    }
    const group = objectGroups.get(r);
    if (group) {
      group.count++;
      group.label = `${group.count} × ${group.what!}`;
      continue;
    }
    const what = n.kind === 'channel' ? 'chan' : n.label.replace(/ \d+$/, '');
    const node: GraphNode = {
      id: r,
      kind: 'group',
      groupOf: n.kind === 'channel' ? 'channel' : 'lock',
      what,
      label: `1 × ${what}`,
      detail: n.frame ? `made at ${siteLabel(n.frame)}` : '',
      highlighted: false,
      frame: n.frame,
      goroutine: null,
      count: 1,
    };
    objectGroups.set(r, node);
    nodes.push(node);
  }
  const hot = new Set(nodes.filter((n) => n.highlighted).map((n) => n.id));
  const edges = new Map<string, GraphEdge>();
  const edge = (source: string, target: string, l: Link, count: number): void => {
    const id = `${source}->${target}`;
    const e = edges.get(id);
    if (e) e.count += count;
    else {
      const highlighted = hot.has(source) && hot.has(target);
      edges.set(id, { id, source, target, kind: l.kind, label: l.label, highlighted, count });
    }
  };
  const done = new Set<string>();
  for (const [id, list] of links) {
    const g = rep.get(id) ?? gid(id);
    // Without grouped objects every member of a group has the same links: the first one's stand for all.
    if (objectRep === null && g !== gid(id)) {
      if (done.has(g)) continue;
      done.add(g);
      const n = groupNodes.get(buckets!.of.get(id)!.key)!;
      for (const l of list) {
        if (l.kind === 'waits') edge(g, l.node, l, n.count);
        else edge(l.node, g, l, n.count);
      }
      continue;
    }
    for (const l of list) {
      const o = objectRep?.get(l.node) ?? l.node;
      if (l.kind === 'waits') edge(g, o, l, 1);
      else edge(o, g, l, 1);
    }
  }
  return {
    takenAt: snapshot.takenAt,
    nodes,
    edges: [...edges.values()],
    cycles,
    goroutines: links.size,
    grouped,
  };
}

/** How many nodes the goroutines take once bucketed. */
function countNodes(buckets: Buckets, goroutines: number): number {
  return buckets.byKey.size + (goroutines - buckets.of.size);
}

/**
 * Buckets of goroutines that are not highlighted: same state and wait reason, same park site, same
 * links (their nodes as `look` tells them apart).
 */
function bucketGoroutines(
  index: SnapshotIndex,
  links: Map<number, Link[]>,
  hot: Set<number>,
  look: (node: string) => string,
): Buckets {
  const byKey = new Map<string, Bucket>();
  const of = new Map<number, Bucket>();
  const one = (l: Link): string => `${l.kind === 'waits' ? '>' : '<'}${l.label}:${look(l.node)}`;
  for (const [id, list] of links) {
    if (hot.has(id)) continue;
    const g = index.goroutines.get(id);
    const waits = list.find((l) => l.kind === 'waits');
    const reason = g
      ? g.state === 'waiting'
        ? g.waitReason || 'waiting'
        : g.state
      : waits
        ? (reasonOfEdge[waits.label] ?? waits.label)
        : 'goroutines';
    const site = g ? siteLabel(userFrame(g.parkedAt)) : '?';
    // Most goroutines wait on one thing and hold nothing.
    const sig = list.length === 1 ? one(list[0]!) : [...new Set(list.map(one))].sort().join(',');
    const key = `\0${reason}\0${site}\0${sig}`;
    let b = byKey.get(key);
    if (!b) byKey.set(key, (b = { key, ids: [], reason, site }));
    b.ids.push(id);
    of.set(id, b);
  }
  return { byKey, of };
}

/**
 * Channels and locks (not highlighted) with the same kind and creation site whose goroutines are in
 * the same buckets: object id → the id of its group node, for groups of more than one.
 */
function groupObjects(
  objects: Map<string, GraphNode>,
  objectLinks: Map<string, { g: number; link: Link }[]>,
  buckets: Buckets,
): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const [key, n] of objects) {
    if (n.highlighted) continue;
    const sig = new Set<string>();
    for (const { g, link } of objectLinks.get(key) ?? []) {
      const b = buckets.of.get(g);
      sig.add(`${link.kind}${link.label}:${b && b.ids.length > 1 ? b.key : `g${g}`}`);
    }
    const k = `${n.kind}\0${siteKey(n.frame)}\0${[...sig].sort().join(',')}`;
    const list = byKey.get(k);
    if (list) list.push(key);
    else byKey.set(k, [key]);
  }
  const rep = new Map<string, string>();
  const used = new Set<string>();
  for (const [k, members] of byKey) {
    if (members.length < 2) continue;
    let id = `O${hash(k)}`;
    while (used.has(id)) id += '_';
    used.add(id);
    for (const m of members) rep.set(m, id);
  }
  return rep;
}
