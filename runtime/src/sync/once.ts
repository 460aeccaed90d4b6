// sync.Once: `do(f)` calls f the first time only; every other caller waits until that call has
// returned (or thrown: a throwing f counts as done, as a panicking one does in Go, and the error goes
// to the caller that ran it).
import { describe, hooks, type ObjectDescription } from '../inspect/hooks.js';
import { PanicError } from '../panic.js';
import { park, ready, Waiter, WaitQueue } from '../sched/sched.js';

const RESOLVED: Promise<void> = Promise.resolve();

export class Once {
  private done = false;
  private running = false;
  private readonly waiters = new WaitQueue();

  constructor() {
    if (hooks.objectCreated !== null) hooks.objectCreated(this);
  }

  /** `once.Do(f)` */
  do(f: () => unknown): Promise<void> {
    if (this.done) return RESOLVED;
    if (this.running) {
      const w = new Waiter();
      this.waiters.push(w);
      return park(w, 'sync.Once.Do', this);
    }
    this.running = true;
    return this.run(f);
  }

  private async run(f: () => unknown): Promise<void> {
    try {
      await f();
    } finally {
      this.done = true;
      this.running = false;
      for (let w = this.waiters.shift(); w !== null; w = this.waiters.shift()) ready(w);
    }
  }

  [describe](): ObjectDescription {
    return { kind: 'Once', waiters: this.waiters.goroutines() };
  }
}

const RUNNING = Symbol('running');

/**
 * `sync.OnceFunc(f)` (Go 1.21): a function that calls `f` the first time it is called only. If `f`
 * throws, every call throws the same value, the first one included (Go re-raises the panic). `f` is
 * synchronous, as in Go; for an async `f` use `onceValue`, which hands every caller the same promise.
 * A call from inside `f` itself throws (Go's would block forever).
 */
export function onceFunc(f: () => void): () => void {
  const g = onceValue(f);
  return () => {
    g();
  };
}

/**
 * `sync.OnceValue(f)` (Go 1.21): a function that calls `f` the first time it is called and returns
 * its result on every call. If `f` throws, every call throws the same value.
 */
export function onceValue<T>(f: () => T): () => T {
  let fn: (() => T) | null = f;
  let result: T | typeof RUNNING | undefined;
  let failed = false;
  let thrown: unknown;
  return () => {
    if (fn !== null) {
      const call = fn;
      fn = null;
      result = RUNNING;
      try {
        result = call();
      } catch (e) {
        failed = true;
        thrown = e;
      }
    }
    if (failed) throw thrown;
    if (result === RUNNING) throw new PanicError('sync: once function called from itself');
    return result as T;
  };
}
