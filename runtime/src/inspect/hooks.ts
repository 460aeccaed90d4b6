// Instrumentation points between the scheduler and primitives (which call these) and the inspector
// side of the runtime (which installs them). Every hook is null unless a feature that needs it is on
// (debug runs, lock-order checking, leak detection), so the cost when off is one null check.
import type { GoroutineRecord, WaitReason } from '../sched/record.js';

/** A lock as the lock-order checker sees it: the object, and whether this acquisition is shared. */
export type LockKind = 'mutex' | 'rlock' | 'wlock';

export interface Hooks {
  /** A goroutine was created (its record is complete) / has finished. */
  goroutineCreated: ((g: GoroutineRecord) => void) | null;
  goroutineExited: ((g: GoroutineRecord) => void) | null;
  /** `g` parked on `on` for `reason` / was made runnable again. */
  parked: ((g: GoroutineRecord, reason: WaitReason, on: object | null) => void) | null;
  readied: ((g: GoroutineRecord) => void) | null;
  /**
   * Called before a goroutine starts to wait for a lock, and when it holds / releases it. A `tryLock`
   * calls only `lockAcquired`, on success: it never waits, so it cannot take part in a deadlock.
   */
  lockAcquiring: ((lock: object, kind: LockKind, g: GoroutineRecord | null) => void) | null;
  lockAcquired: ((lock: object, kind: LockKind, g: GoroutineRecord | null) => void) | null;
  lockReleased: ((lock: object, kind: LockKind, g: GoroutineRecord | null) => void) | null;
  /** A runtime object that the snapshot lists (channel, Mutex, RWMutex, WaitGroup, Cond, Semaphore) was created. */
  objectCreated: ((obj: object) => void) | null;
  /**
   * Every goroutine is asleep and the program is about to end with Go's deadlock error; `blocked` are
   * the goroutines as the dump shows them. Returns true when a debugger should stop there first.
   */
  deadlocked: ((blocked: GoroutineRecord[]) => boolean) | null;
  /**
   * `g` parked and `waiter` is the object the primitive keeps in its wait queue to wake it (the holder
   * of the parked promise's resolver). Called right after `parked`. Nothing else may hold `waiter`
   * strongly: when it is garbage-collected while `g` is still parked, nothing can ever wake `g`, and the
   * leak detector reports it.
   */
  parkedWaiter: ((g: GoroutineRecord, waiter: object) => void) | null;
}

export const hooks: Hooks = {
  goroutineCreated: null,
  goroutineExited: null,
  parked: null,
  readied: null,
  lockAcquiring: null,
  lockAcquired: null,
  lockReleased: null,
  objectCreated: null,
  deadlocked: null,
  parkedWaiter: null,
};

/**
 * What the scheduler offers the inspector, set once by the scheduler when it loads (not only when
 * inspecting: `dump()` and `verifyNone()` work in every run).
 */
export interface Sources {
  /** Every live goroutine record on this thread. */
  goroutines: (() => Iterable<GoroutineRecord>) | null;
  /** The record of the goroutine running now, null outside any goroutine. */
  current: (() => GoroutineRecord | null) | null;
}

export const sources: Sources = { goroutines: null, current: null };

/**
 * A runtime object (channel, lock) may describe its internal state for the snapshot with a method under
 * this symbol. Without it the inspector derives what it can from goroutine records and public fields.
 */
export const describe = Symbol.for('goroutines.describe');

export interface ObjectDescription {
  kind?: 'chan' | 'Mutex' | 'RWMutex' | 'WaitGroup' | 'Cond' | 'Once' | 'Semaphore';
  closed?: boolean;
  sendWaiters?: Iterable<GoroutineRecord>;
  recvWaiters?: Iterable<GoroutineRecord>;
  holder?: GoroutineRecord | null;
  readHolders?: Iterable<GoroutineRecord>;
  waiters?: Iterable<GoroutineRecord>;
}
