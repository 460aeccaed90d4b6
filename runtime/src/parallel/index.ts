// Parallel goroutines on worker threads, and the shared objects they use to talk (docs/parallel.md).
import { SharedChan } from './chan.js';
import { sharedChan } from './ring.js';
import {
  SharedMutex,
  SharedRWMutex,
  SharedWaitGroup,
  SharedCond,
  SharedOnce,
  SharedSemaphore,
} from './sync.js';
import { AtomicInt32, AtomicInt64 } from './atomic.js';
import './pool.js';

export { worker, goParallel, isWorkerFunction, WorkerError, WORKER_FUNCTION } from './spawn.js';
export type { WorkerFunction, WorkerModule, WorkerFunctionRef } from './spawn.js';
export { workerGoroutines, poolStats, gomaxprocs, configurePool } from './pool.js';
export type { PoolStats, PoolOptions } from './pool.js';
export type { WireRecord } from './records.js';
export { nextGoroutineId } from './shared.js';
export {
  SharedChan,
  SharedMutex,
  SharedRWMutex,
  SharedWaitGroup,
  SharedCond,
  SharedOnce,
  SharedSemaphore,
  AtomicInt32,
  AtomicInt64,
};
export type { SharedLocker, HasSignal } from './sync.js';
export type { SharedChanOptions } from './chan.js';
export { UnclonableError } from './errors.js';

/**
 * Runtime objects made for sharing between threads: pass them as arguments of parallel goroutines.
 * Same Go semantics as their one-thread counterparts.
 */
export const shared = {
  /** `make(chan T, n)`, shareable. */
  chan: sharedChan,
  Mutex: SharedMutex,
  RWMutex: SharedRWMutex,
  WaitGroup: SharedWaitGroup,
  Cond: SharedCond,
  Once: SharedOnce,
  Semaphore: SharedSemaphore,
  /** `atomic.Int32`. */
  Int32: AtomicInt32,
  /** `atomic.Int64` (bigint). */
  Int64: AtomicInt64,
} as const;
