// Waiting on shared memory. Two kinds of wait live here:
// - the internal spin lock that guards a shared object's header for a few loads and stores; it is
//   never held across an await, so a contended acquire spins and then blocks the thread briefly with
//   Atomics.wait (Node allows it on the main thread too);
// - parking a goroutine until a word changes, with Atomics.waitAsync, so that the thread's other
//   goroutines (and the main thread's event loop) keep running.

import { globalWords, G_INFLIGHT } from './shared.js';
import { sleepBegin, sleepEnd } from './records.js';

const SPINS = 128;

// ES2024 library members that Node 20 has; the runtime compiles against ES2023.
type WaitAsync = (
  a: Int32Array,
  at: number,
  v: number,
  timeout?: number,
) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** A SharedArrayBuffer that can grow up to `max` bytes (views made without a length follow it). */
export function growableBuffer(bytes: number, max: number): SharedArrayBuffer {
  const Growable = SharedArrayBuffer as unknown as new (
    n: number,
    o: { maxByteLength: number },
  ) => SharedArrayBuffer;
  return new Growable(bytes, { maxByteLength: max });
}

export function growBuffer(sab: SharedArrayBuffer, bytes: number): void {
  (sab as unknown as { grow(n: number): void }).grow(bytes);
}

/** Acquire the spin lock at `i32[at]` (0 free, 1 held, 2 held with a blocked thread). */
export function spinLock(i32: Int32Array, at: number): void {
  if (Atomics.compareExchange(i32, at, 0, 1) === 0) return;
  for (let n = 0; n < SPINS; n++) {
    if (Atomics.load(i32, at) === 0 && Atomics.compareExchange(i32, at, 0, 1) === 0) return;
  }
  // Drepper's futex mutex ("Futexes are tricky", mutex 3): mark contended, then sleep.
  let c = Atomics.exchange(i32, at, 2);
  while (c !== 0) {
    Atomics.wait(i32, at, 2, 1);
    c = Atomics.exchange(i32, at, 2);
  }
}

export function spinUnlock(i32: Int32Array, at: number): void {
  if (Atomics.exchange(i32, at, 0) === 2) Atomics.notify(i32, at, 1);
}

/**
 * Wakes every goroutine parked on `i32[at]`, on every thread, counting the wake-ups in flight
 * (shared.ts) until each woken goroutine has run: the pool must not decide that every worker is
 * asleep while one of them is about to wake up.
 */
export function wakeAll(i32: Int32Array, at: number): void {
  const inflight = globalWords();
  Atomics.add(inflight, G_INFLIGHT, 1);
  const n = Atomics.notify(i32, at);
  if (n !== 1) Atomics.add(inflight, G_INFLIGHT, n - 1);
  if (n > 0) afterWake?.();
}

let afterWake: (() => void) | null = null;

/**
 * Called on this thread after it woke goroutines and after each counted wake-up it took: on the
 * main thread, the pool rechecks which workers must keep the process alive.
 */
export function setAfterWake(f: () => void): void {
  afterWake = f;
}

/**
 * Resolve once `i32[at]` is no longer `seen` (or at once if it already changed). Callers read
 * `seen` before checking their condition, so a wake between the check and the park is not lost.
 * While it waits, a parallel goroutine counts as asleep (records.ts), unless `countAsleep` is false:
 * a wait that may be abandoned (a select's losing case, a cancelled acquire) would otherwise stay
 * counted after its goroutine moved on.
 */
export function parkUntilChanged(
  i32: Int32Array,
  at: number,
  seen: number,
  countAsleep = true,
): Promise<unknown> {
  const r = waitAsync(i32, at, seen);
  if (typeof r.value === 'string') return Promise.resolve(r.value);
  // Counted only once really waiting: a goroutine counted asleep must need a wake-up to go on.
  const counted = countAsleep && sleepBegin();
  return r.value.then((v) => {
    sleepEnd(counted);
    if (v === 'ok') {
      Atomics.sub(globalWords(), G_INFLIGHT, 1);
      afterWake?.();
    }
    return v;
  });
}

/** A wait that is not a goroutine's (the pool's own watchers): no accounting. */
export function watchWord(i32: Int32Array, at: number, seen: number): Promise<unknown> {
  const r = waitAsync(i32, at, seen);
  return typeof r.value === 'string' ? Promise.resolve(r.value) : r.value;
}
