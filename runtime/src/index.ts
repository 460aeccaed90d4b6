// goroutines: Go's concurrency model for TypeScript and JavaScript (see docs/runtime.md).
export const version = '0.1.0';

export { go, type Go } from './go.js';
export { chan, Chan, type RecvChan, type SendChan } from './chan.js';
export { select, recv, send, otherwise, SelectCase, type Selectable } from './select.js';
export { sleep, after, tick, Ticker, Timer, afterFunc } from './time.js';
export { WaitGroup } from './sync/waitgroup.js';
export { Mutex } from './sync/mutex.js';
export { RWMutex } from './sync/rwmutex.js';
export { Once, onceFunc, onceValue } from './sync/once.js';
export { Cond } from './sync/cond.js';
export type { Locker } from './sync/locker.js';
export * as context from './context.js';
export type { Context, CancelFunc, CancelCauseFunc } from './context.js';
export * as errgroup from './errgroup.js';
export { Semaphore } from './semaphore.js';
export { SingleFlight } from './singleflight.js';
export { PanicError } from './panic.js';
export type { GoroutineRecord, GoroutineState, WaitReason } from './sched/record.js';
export * from './inspect/index.js';
export * from './parallel/index.js';
