// Goroutine records on every thread, and the park bookkeeping the shared primitives do. A worker's
// goroutines are the scheduler's own records (the parallel ones are started through its spawn), so
// dumps, the inspector and park attribution work the same on every thread; this file adds what
// crosses threads: records as messages, and how asleep a worker is.
import type { GoroutineRecord, WaitReason } from '../sched/record.js';
import { Waiter, goroutines, orphans, park, ready } from '../sched/sched.js';
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

// ---- how asleep a worker is --------------------------------------------------------------------
// On a worker: how many waits on shared memory are pending (word 0), in memory the main thread
// reads, and how many times the main thread was told to look (word 1). When
// they are as many as the worker's running parallel goroutines, nothing on this worker can go on
// without a wake-up from elsewhere, so it must not keep the process alive (pool.ts). The main thread
// is told of that state after a short delay, so that a goroutine that sleeps for microseconds (the
// usual case) costs no message.

let asleep: Int32Array | null = null;
let running = 0;
let tellPending = false;
const TELL_AFTER_MS = 20;

export function setAsleepCounter(a: Int32Array): void {
  asleep = a;
}

/** A parallel goroutine started (+1) or finished (-1) on this worker. */
export function runningDelta(d: number): void {
  running += d;
  if (d < 0) maybeTell();
}

function maybeTell(): void {
  if (asleep === null || tellPending || Atomics.load(asleep, 0) < running) return;
  tellPending = true;
  setTimeout(() => {
    tellPending = false;
    if (Atomics.load(asleep!, 0) >= running) {
      Atomics.add(asleep!, 1, 1);
      Atomics.notify(asleep!, 1);
    }
  }, TELL_AFTER_MS).unref();
}

/**
 * Asked by the main thread before it lets this worker go: every running parallel goroutine (as many
 * as the pending waits) waits on shared memory, and nothing else here could wake one (a timer, a
 * socket, a file operation: any resource besides the ports to the main thread).
 */
export function soundAsleep(): boolean {
  if (asleep === null || Atomics.load(asleep, 0) < running) return false;
  return process.getActiveResourcesInfo().every((r) => r === 'MessagePort');
}

/** A wait on shared memory begins on this thread: count it (workers only). */
export function sleepBegin(): boolean {
  if (asleep === null) return false;
  Atomics.add(asleep, 0, 1);
  maybeTell();
  return true;
}

export function sleepEnd(counted: boolean): void {
  if (!counted) return;
  Atomics.add(globalWords(), G_EPOCH, 1);
  Atomics.sub(asleep!, 0, 1);
}

// ---- parking ------------------------------------------------------------------------------------

/** What `parked` returns and `readied` takes back. */
export type ParkToken = Waiter;

/**
 * Mark the current goroutine parked on `on` with the scheduler (a waiter that the shared object's
 * wait loop readies), so deadlock detection, dumps and the inspector see it like any park.
 */
export function parked(reason: WaitReason, on: object): ParkToken {
  const w = new Waiter();
  void park(w, reason, on);
  return w;
}

export function readied(t: ParkToken): void {
  ready(t);
}

// ---- records across threads ---------------------------------------------------------------------

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
  const out: WireRecord[] = [];
  for (const g of goroutines()) if (g.id !== 1) out.push(wireRecord(g));
  return out;
}

/**
 * This worker's goroutines as a deadlock report shows them, for a worker whose goroutines are all
 * asleep: a park that the scheduler could not attribute to its goroutine is given to one, as the
 * main thread's report does (sched/crash.ts blockedRecords, not imported here: loading crash.ts
 * would install the main thread's panic handler on this worker).
 */
export function asleepRecords(): WireRecord[] {
  const all: GoroutineRecord[] = [];
  let next = 0;
  for (const g of goroutines()) {
    if (g.state === 'waiting' || next >= orphans.length) {
      all.push(g);
      continue;
    }
    const o = orphans[next++]!;
    all.push({
      ...g,
      state: 'waiting',
      waitReason: o.reason,
      waitSince: o.since,
      waitingOn: o.on,
      parkedAt: o.parkedAt,
    });
  }
  // Goroutine 1 of a worker stands for nothing: a park attributed to it belongs to a goroutine of
  // this thread that the scheduler saw running.
  let spare = all.find((g) => g.id === 1 && g.state === 'waiting') ?? null;
  const out: WireRecord[] = [];
  for (const g of all) {
    if (g.id === 1) continue;
    if (spare !== null && g.state !== 'waiting') {
      out.push(
        wireRecord({
          ...g,
          state: 'waiting',
          waitReason: spare.waitReason,
          waitSince: spare.waitSince,
          waitingOn: spare.waitingOn,
          parkedAt: spare.parkedAt,
        }),
      );
      spare = null;
    } else out.push(wireRecord(g));
  }
  return out;
}
