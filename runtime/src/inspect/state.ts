// What the inspector keeps while it is on: ids and creation sites of runtime objects (held weakly, so
// tracking never keeps a channel alive), who holds which lock, the problems detected so far, and the
// goroutines that worker threads published. Nothing here is filled while inspection is off.
import type { GoroutineRecord } from '../sched/record.js';
import { sources, type LockKind } from './hooks.js';
import type { SnapshotProblem } from './schema.js';

export interface TrackedObject {
  id: number;
  ref: WeakRef<object>;
  createdAt: Error | undefined;
}

const byObject = new WeakMap<object, TrackedObject>();
const byId = new Map<number, TrackedObject>();
const forget = new FinalizationRegistry<number>((id) => byId.delete(id));
let nextObjectId = 1;

/** The object's id in snapshots, assigned on first sight (with a creation site when given). */
export function objectId(obj: object, createdAt?: Error): number {
  let t = byObject.get(obj);
  if (!t) {
    t = { id: nextObjectId++, ref: new WeakRef(obj), createdAt };
    byObject.set(obj, t);
    byId.set(t.id, t);
    forget.register(obj, t.id);
  }
  return t.id;
}

export function trackedObject(obj: object): TrackedObject | undefined {
  return byObject.get(obj);
}

/** The runtime objects tracked and still alive, in creation order. */
export function* liveObjects(): Iterable<[object, TrackedObject]> {
  for (const t of byId.values()) {
    const obj = t.ref.deref();
    if (obj) yield [obj, t];
  }
}

/** Lock holders, kept from the lock hooks while they are installed. */
export interface Holders {
  writer: GoroutineRecord | null;
  readers: Map<GoroutineRecord, number>;
}
export const holders = new WeakMap<object, Holders>();

export function holdersOf(lock: object): Holders {
  let h = holders.get(lock);
  if (!h) holders.set(lock, (h = { writer: null, readers: new Map() }));
  return h;
}

/** Keeps `holders` up to date from the lock hooks. */
export function noteHolder(lock: object, kind: LockKind, g: GoroutineRecord | null, acquired: boolean): void {
  const h = holdersOf(lock);
  if (kind !== 'rlock') {
    h.writer = acquired ? g : null;
    return;
  }
  if (g === null) return;
  const n = (h.readers.get(g) ?? 0) + (acquired ? 1 : -1);
  if (n > 0) h.readers.set(g, n);
  else h.readers.delete(g);
}

// Goroutines seen through the created / exited hooks, for when the scheduler offers no registry.
export const seenGoroutines = new Map<number, GoroutineRecord>();

/** Every live goroutine record on this thread. */
export function liveGoroutines(): Iterable<GoroutineRecord> {
  return sources.goroutines?.() ?? seenGoroutines.values();
}

export function currentGoroutine(): GoroutineRecord | null {
  return sources.current?.() ?? null;
}

const maxProblems = 256;
export const problems: SnapshotProblem[] = [];

/** Keeps a detected problem for the snapshot (the oldest are dropped past a few hundred). */
export function recordProblem(p: SnapshotProblem): void {
  if (problems.length >= maxProblems) problems.shift();
  problems.push(p);
}

/** Goroutines of worker threads, as each thread last published them (see threads.ts). */
export const threadGoroutines = new Map<number, GoroutineRecord[]>();
