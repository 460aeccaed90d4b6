// The snapshot indexed for the views: goroutines by id, thread and parent, who waits on what, the
// problems each goroutine is part of, the view filter and grouping by park site. No `vscode` here, so
// the unit tests exercise it directly; every function is linear in the snapshot's size.
import { findCycles } from './cycles.js';
import type {
  Snapshot,
  SnapshotChannel,
  SnapshotFrame,
  SnapshotGoroutine,
  SnapshotGoroutineState,
  SnapshotLock,
  SnapshotProblem,
} from './schema.js';

/** Frames of the runtime package itself (its sources while developing, its build once installed). */
export function isRuntimeFile(file: string): boolean {
  let known = runtimeFiles.get(file);
  if (known === undefined) {
    known =
      file.startsWith('node:') || /[/\\](node_modules[/\\]goroutines|runtime)[/\\](src|dist)[/\\]/.test(file);
    // A program has few source files, and a snapshot names them over and over.
    if (runtimeFiles.size > 10_000) runtimeFiles.clear();
    runtimeFiles.set(file, known);
  }
  return known;
}
const runtimeFiles = new Map<string, boolean>();

/** A goroutine the runtime started for itself (a timer's callback, a worker's relay): its `go(…)` is in the runtime. */
export function isRuntimeGoroutine(g: Pick<SnapshotGoroutine, 'createdAt'>): boolean {
  const site = g.createdAt[0];
  return site !== undefined && isRuntimeFile(site.file);
}

/** The first frame that is the user's code: the one worth opening. */
export function userFrame(frames: readonly SnapshotFrame[]): SnapshotFrame | undefined {
  return frames.find((f) => !isRuntimeFile(f.file)) ?? frames[0];
}

export interface GoroutineFilter {
  /** Words that must all appear in the id, name, state, wait reason or a frame. */
  readonly text: string;
  readonly states: readonly SnapshotGoroutineState[];
  readonly thread: number | null;
  readonly showRuntime: boolean;
}

export const noFilter: GoroutineFilter = { text: '', states: [], thread: null, showRuntime: false };

/** Reads a filter typed as words plus `state:waiting`, `thread:3` and `runtime:show` tokens. */
export function parseFilter(input: string, showRuntime = false): GoroutineFilter {
  const words: string[] = [];
  const states: SnapshotGoroutineState[] = [];
  let thread: number | null = null;
  let runtime = showRuntime;
  for (const token of input.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(state|thread|runtime):(.*)$/i.exec(token);
    if (!m) words.push(token);
    else if (m[1]!.toLowerCase() === 'state') {
      for (const s of m[2]!.split(',')) {
        if (s === 'running' || s === 'runnable' || s === 'waiting') states.push(s);
      }
    } else if (m[1]!.toLowerCase() === 'thread') {
      const n = Number(m[2] === 'main' ? 0 : m[2]);
      if (Number.isInteger(n) && n >= 0) thread = n;
    } else runtime = m[2] === 'show' || m[2] === 'true';
  }
  return { text: words.join(' '), states, thread, showRuntime: runtime };
}

export function describeFilter(f: GoroutineFilter): string {
  const parts: string[] = [];
  if (f.text) parts.push(f.text);
  if (f.states.length) parts.push(`state:${f.states.join(',')}`);
  if (f.thread !== null) parts.push(`thread:${f.thread}`);
  if (f.showRuntime) parts.push('runtime:show');
  return parts.join(' ');
}

export function isFiltering(f: GoroutineFilter): boolean {
  return f.text !== '' || f.states.length > 0 || f.thread !== null;
}

function haystack(g: SnapshotGoroutine): string {
  const frames = [...g.parkedAt, ...g.createdAt].map((f) => `${f.fn} ${f.file}:${f.line}`).join(' ');
  return `${g.id} ${g.name} ${g.state} ${g.waitReason} ${frames}`.toLowerCase();
}

export function matches(g: SnapshotGoroutine, f: GoroutineFilter): boolean {
  if (!f.showRuntime && isRuntimeGoroutine(g)) return false;
  if (f.states.length && !f.states.includes(g.state)) return false;
  if (f.thread !== null && g.thread !== f.thread) return false;
  if (f.text) {
    const h = haystack(g);
    for (const w of f.text.toLowerCase().split(/\s+/)) if (!h.includes(w)) return false;
  }
  return true;
}

/** Goroutines with the same state, wait reason, park site and creation site. */
export interface ParkSiteGroup {
  readonly key: string;
  readonly state: SnapshotGoroutineState;
  readonly waitReason: string;
  readonly parkedAt: SnapshotFrame[];
  readonly createdAt: SnapshotFrame[];
  readonly goroutines: SnapshotGoroutine[];
  maxWaitingSeconds: number;
}

const siteKey = (frames: readonly SnapshotFrame[]): string =>
  frames.map((f) => `${f.fn}@${f.file}:${f.line}:${f.column}`).join('|');

/** Groups goroutines by identical park site (largest group first), as `pprof goroutine?debug=1` does. */
export function groupByParkSite(goroutines: readonly SnapshotGoroutine[]): ParkSiteGroup[] {
  const groups = new Map<string, ParkSiteGroup>();
  for (const g of goroutines) {
    const key = `${g.state}\0${g.waitReason}\0${siteKey(g.parkedAt)}\0${siteKey(g.createdAt.slice(0, 1))}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        state: g.state,
        waitReason: g.waitReason,
        parkedAt: g.parkedAt,
        createdAt: g.createdAt,
        goroutines: [],
        maxWaitingSeconds: 0,
      };
      groups.set(key, group);
    }
    group.goroutines.push(g);
    if (g.waitingSeconds > group.maxWaitingSeconds) group.maxWaitingSeconds = g.waitingSeconds;
  }
  return [...groups.values()].sort(
    (a, b) => b.goroutines.length - a.goroutines.length || a.key.localeCompare(b.key),
  );
}

/** Goroutine ids a problem is about, for the rows' markers and the graph's highlight. */
export function problemGoroutines(p: SnapshotProblem): number[] {
  switch (p.kind) {
    case 'deadlock':
      return p.goroutines;
    case 'goroutine-leak':
      return [p.goroutine];
    case 'lock-order':
      return [p.first.goroutine, p.second.goroutine];
    case 'recursive-lock':
      return [...new Set([p.held.goroutine, p.again.goroutine])];
    case 'lock-wait':
      return p.holder ? [p.waiter.goroutine, p.holder.goroutine] : [p.waiter.goroutine];
    default:
      return [];
  }
}

/** Lock ids a problem is about. */
export function problemLocks(p: SnapshotProblem): number[] {
  switch (p.kind) {
    case 'lock-order':
      return [...p.locks];
    case 'recursive-lock':
    case 'lock-wait':
      return [p.lock];
    case 'deadlock':
    case 'goroutine-leak':
      return [];
    default:
      return [];
  }
}

/** The snapshot with the look-ups every view needs, built once per snapshot. */
export class SnapshotIndex {
  readonly goroutines = new Map<number, SnapshotGoroutine>();
  readonly channels = new Map<number, SnapshotChannel>();
  readonly locks = new Map<number, SnapshotLock>();
  readonly childrenOf = new Map<number, SnapshotGoroutine[]>();
  readonly threads: number[];
  /** The runtime's problems, then deadlocks seen in this snapshot's lock waits. */
  readonly problems: SnapshotProblem[];
  /** Goroutine id → the problems it is part of. */
  readonly problemsOf = new Map<number, SnapshotProblem[]>();
  /** The goroutines listed are all there are (the snapshot was not paged). */
  readonly complete: boolean;

  constructor(readonly snapshot: Snapshot) {
    const threads = new Set<number>();
    for (const g of snapshot.goroutines) {
      this.goroutines.set(g.id, g);
      threads.add(g.thread);
      const siblings = this.childrenOf.get(g.parentId);
      if (siblings) siblings.push(g);
      else this.childrenOf.set(g.parentId, [g]);
    }
    for (const c of snapshot.channels) this.channels.set(c.id, c);
    for (const l of snapshot.locks) this.locks.set(l.id, l);
    this.threads = [...threads].sort((a, b) => a - b);
    this.problems = [...snapshot.problems, ...lockCycles(snapshot)];
    for (const p of this.problems) {
      for (const id of problemGoroutines(p)) {
        const list = this.problemsOf.get(id);
        if (list) list.push(p);
        else this.problemsOf.set(id, [p]);
      }
    }
    this.complete = snapshot.goroutines.length >= snapshot.totals.goroutines;
  }

  /** Roots of the parent/child tree: goroutines whose parent is not listed (goroutine 1, orphans). */
  roots(): SnapshotGoroutine[] {
    return this.snapshot.goroutines.filter((g) => !this.goroutines.has(g.parentId) || g.parentId === g.id);
  }

  /** What a waiting goroutine waits on, as a row would say it (`chan 3`, `Mutex 5`). */
  waitTarget(g: SnapshotGoroutine): { kind: 'channel' | 'lock'; id: number } | null {
    if (g.waitingOn === null) return null;
    if (this.channels.has(g.waitingOn)) return { kind: 'channel', id: g.waitingOn };
    if (this.locks.has(g.waitingOn)) return { kind: 'lock', id: g.waitingOn };
    return null;
  }
}

export function threadLabel(thread: number): string {
  return thread === 0 ? 'main thread' : `worker thread ${thread}`;
}

/**
 * Goroutines waiting on locks held by each other, in a circle: a deadlock among them even while other
 * goroutines run (Go reports only the whole-program case; this is go-deadlock's view).
 */
export function lockCycles(snapshot: Snapshot): SnapshotProblem[] {
  const ids: string[] = [];
  const edges: { source: string; target: string }[] = [];
  for (const l of snapshot.locks) {
    const holders = l.holder !== null ? [l.holder, ...l.readHolders] : l.readHolders;
    if (holders.length === 0 || l.waiters.length === 0) continue;
    ids.push(`l${l.id}`);
    for (const h of holders) edges.push({ source: `l${l.id}`, target: `g${h}` });
    for (const w of l.waiters) edges.push({ source: `g${w}`, target: `l${l.id}` });
  }
  for (const e of edges) if (e.source.startsWith('g')) ids.push(e.source);
  const byId = new Map(snapshot.locks.map((l) => [l.id, l]));
  return findCycles(ids, edges).map((cycle) => {
    const goroutines = cycle.filter((n) => n.startsWith('g')).map((n) => Number(n.slice(1)));
    const locks = cycle.filter((n) => n.startsWith('l')).map((n) => byId.get(Number(n.slice(1)))!);
    const held = locks.map(
      (l) => `${l.kind} ${l.id} held by goroutine ${l.holder ?? l.readHolders.join(', ')}`,
    );
    return {
      kind: 'deadlock' as const,
      message: `goroutines ${goroutines.join(', ')} wait for each other: ${held.join(', ')}`,
      goroutines,
    };
  });
}
