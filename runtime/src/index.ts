// goroutines: Go's concurrency model for TypeScript and JavaScript (see docs/runtime.md).
export const version = '0.1.0';

export { go, type Go } from './go.js';
export { chan, Chan, type RecvChan, type SendChan } from './chan.js';
export { select, recv, send, otherwise, SelectCase } from './select.js';
export { PanicError } from './panic.js';
export type { GoroutineRecord, GoroutineState, WaitReason } from './sched/record.js';
export * from './inspect/index.js';
export * from './parallel/index.js';
