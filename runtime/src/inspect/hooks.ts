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
  /** Called before a goroutine starts to wait for (or try) a lock, and when it holds / releases it. */
  lockAcquiring: ((lock: object, kind: LockKind, g: GoroutineRecord | null) => void) | null;
  lockAcquired: ((lock: object, kind: LockKind, g: GoroutineRecord | null) => void) | null;
  lockReleased: ((lock: object, kind: LockKind, g: GoroutineRecord | null) => void) | null;
  /** A runtime object that the snapshot lists (channel, Mutex, RWMutex, WaitGroup, Cond, Semaphore) was created. */
  objectCreated: ((obj: object) => void) | null;
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
};
