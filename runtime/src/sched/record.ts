// Goroutine records: what the scheduler knows about every goroutine on this thread. This file is the
// contract between the scheduler (which fills the records), the inspector side of the runtime
// (`../inspect/`: dumps, snapshots, deadlock / leak / lock-order detection) and the worker threads
// (`../parallel/`), which publish the same records to the main thread.

/** Go's goroutine states, as `runtime.Stack` prints them. */
export type GoroutineState = 'running' | 'runnable' | 'waiting';

/** Go's wait reasons, in Go's own words (runtime/runtime2.go waitReasonStrings). */
export type WaitReason =
  | 'chan receive'
  | 'chan send'
  | 'chan receive (nil chan)'
  | 'chan send (nil chan)'
  | 'select'
  | 'select (no cases)'
  | 'sleep'
  | 'sync.Mutex.Lock'
  | 'sync.RWMutex.RLock'
  | 'sync.RWMutex.Lock'
  | 'sync.WaitGroup.Wait'
  | 'sync.Cond.Wait'
  | 'sync.Once.Do'
  | 'semacquire'
  | 'errgroup.Group.Wait'
  | 'singleflight.Group.Do'
  | 'context.Done'
  | 'worker';

export interface GoroutineRecord {
  /** Unique per process (worker threads draw ids from a shared counter). Goroutine 1 is the main program. */
  readonly id: number;
  /** The label given with `go.named`, else the function's name, else ''. */
  readonly name: string;
  /** Id of the goroutine that spawned this one (0 for goroutine 1). */
  readonly parentId: number;
  /** 0 for the main thread, the worker's threadId otherwise. */
  readonly thread: number;
  state: GoroutineState;
  /** Set while `state === 'waiting'`, '' otherwise. */
  waitReason: WaitReason | '';
  /** `Date.now()` when the goroutine parked (0 when not waiting). */
  waitSince: number;
  /** The runtime object waited on (a channel, a lock, a WaitGroup…), null when none. */
  waitingOn: object | null;
  /** The stack at the `go(…)` call: an `Error` whose `.stack` is formatted lazily, or undefined. */
  readonly createdAt: Error | undefined;
  /** The stack where the goroutine parked, kept only while stacks are enabled. */
  parkedAt: Error | undefined;
}
