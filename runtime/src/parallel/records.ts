// Goroutine records of parallel goroutines, kept by the thread that runs them (the same record type
// as the scheduler's), and the park bookkeeping the shared primitives do on every thread.
import { AsyncLocalStorage } from 'node:async_hooks';
import { threadId } from 'node:worker_threads';
import { hooks } from '../inspect/hooks.js';
import type { GoroutineRecord, WaitReason } from '../sched/record.js';
import { Waiter, goroutines, park, ready } from '../sched/sched.js';
import { globalWords, G_EPOCH } from './shared.js';

/** A record as it crosses threads: `waitingOn` becomes a description, stacks become text. */
export interface WireRecord {
  readonly id: number;
  readonly name: string;
  readonly parentId: number;
  readonly thread: number;
  readonly state: GoroutineRecord['state'];
  readonly waitReason: WaitReason | '';
  readonly waitSince: number;
  readonly waitingOn: string | null;
  readonly createdAt: string | undefined;
  readonly parkedAt: string | undefined;
}

const live = new Map<number, GoroutineRecord>();

/**
 * On a worker: how many of its parallel goroutines are parked on shared objects, in memory the main
 * thread watches. A worker whose goroutines are all parked there cannot wake itself, so it must not
 * keep the process alive (see pool.ts).
 */
let asleep: Int32Array | null = null;

export function setAsleepCounter(a: Int32Array): void {
  asleep = a;
}

/** A parallel goroutine of this worker starts waiting on shared memory: count it asleep. */
export function sleepBegin(): boolean {
  if (asleep === null || current.getStore() === undefined) return false;
  Atomics.add(asleep, 0, 1);
  Atomics.notify(asleep, 0);
  return true;
}

export function sleepEnd(counted: boolean): void {
  if (!counted) return;
  Atomics.add(globalWords(), G_EPOCH, 1);
  Atomics.sub(asleep!, 0, 1);
  Atomics.notify(asleep!, 0);
}
const current = new AsyncLocalStorage<GoroutineRecord>();

/** Whether park sites are kept (the inspector's debug runs set this variable). */
const keepStacks = typeof process !== 'undefined' && !!process.env.GOROUTINES_INSPECT;

export function newRecord(
  id: number,
  name: string,
  parentId: number,
  createdAt: Error | undefined,
): GoroutineRecord {
  return {
    id,
    name,
    parentId,
    thread: threadId,
    state: 'runnable',
    waitReason: '',
    waitSince: 0,
    waitingOn: null,
    createdAt,
    parkedAt: undefined,
  };
}

/** Run `f` as goroutine `g` on this thread: the record is live (and current) until `f` settles. */
export async function runAs<T>(g: GoroutineRecord, f: () => Promise<T> | T): Promise<T> {
  live.set(g.id, g);
  hooks.goroutineCreated?.(g);
  g.state = 'running';
  try {
    return await current.run(g, f);
  } finally {
    live.delete(g.id);
    hooks.goroutineExited?.(g);
  }
}

export function currentRecord(): GoroutineRecord | undefined {
  return current.getStore();
}

/** What `parked` returns and `readied` takes back. */
export type ParkToken = GoroutineRecord | Waiter | undefined;

/**
 * Mark the current goroutine parked on `on`. A parallel goroutine of this worker is marked in its
 * own record; any other goroutine parks with the scheduler (a waiter that the shared object's wait
 * loop readies), so the scheduler's deadlock detection and dumps count it as asleep.
 */
export function parked(reason: WaitReason, on: object): ParkToken {
  const g = current.getStore();
  if (g === undefined) {
    const w = new Waiter();
    void park(w, reason, on);
    return w;
  }
  g.state = 'waiting';
  g.waitReason = reason;
  g.waitSince = Date.now();
  g.waitingOn = on;
  if (keepStacks) g.parkedAt = new Error(reason);
  hooks.parked?.(g, reason, on);
  return g;
}

export function readied(t: ParkToken): void {
  if (t === undefined) return;
  if (t instanceof Waiter) {
    ready(t);
    return;
  }
  t.state = 'running';
  t.waitReason = '';
  t.waitSince = 0;
  t.waitingOn = null;
  t.parkedAt = undefined;
  hooks.readied?.(t);
}

function describe(o: object | null): string | null {
  if (o === null) return null;
  const d = (o as { describe?: () => string }).describe;
  return typeof d === 'function' ? d.call(o) : o.constructor.name;
}

export function wireRecord(g: GoroutineRecord): WireRecord {
  return {
    id: g.id,
    name: g.name,
    parentId: g.parentId,
    thread: g.thread,
    state: g.state,
    waitReason: g.waitReason,
    waitSince: g.waitSince,
    waitingOn: describe(g.waitingOn),
    createdAt: g.createdAt?.stack,
    parkedAt: g.parkedAt?.stack,
  };
}

/**
 * This worker's goroutines, ready to post: its parallel goroutines and the ones they started with
 * go() (the scheduler's goroutine 1 of a worker thread stands for nothing and is left out).
 */
export function localRecords(): WireRecord[] {
  const out = [...live.values()].map(wireRecord);
  for (const g of goroutines()) if (g.id !== 1) out.push(wireRecord(g));
  return out;
}

export function liveCount(): number {
  return live.size;
}
