// singleflight (golang.org/x/sync/singleflight): concurrent calls with the same key share one execution
// of the function and its result (or error).
import { park, ready, Waiter, WaitQueue } from './sched/sched.js';

class Call {
  readonly waiters = new WaitQueue();
  dups = 0;
}

export class SingleFlight {
  private readonly calls = new Map<string, Call>();

  /**
   * `g.Do(key, fn)`: runs `fn` unless a call for `key` is in flight, in which case it waits for that
   * call's result. Every caller gets the value, or the error `fn` threw.
   */
  do<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    return this.doShared(key, fn).then(first);
  }

  /** Like `do`, with Go's `shared` result: whether the value was given to more than one caller. */
  doShared<T>(key: string, fn: () => T | Promise<T>): Promise<[T, boolean]> {
    const existing = this.calls.get(key);
    if (existing !== undefined) {
      existing.dups++;
      const w = new Waiter();
      existing.waiters.push(w);
      return park(w, 'singleflight.Group.Do', this);
    }
    const c = new Call();
    this.calls.set(key, c);
    return this.run(key, c, fn);
  }

  /** `g.Forget(key)`: later calls for `key` run `fn` again instead of waiting for the one in flight. */
  forget(key: string): void {
    this.calls.delete(key);
  }

  private async run<T>(key: string, c: Call, fn: () => T | Promise<T>): Promise<[T, boolean]> {
    let value: T | undefined;
    let error: unknown;
    let failed = false;
    try {
      value = await fn();
    } catch (err) {
      failed = true;
      error = err;
    }
    if (this.calls.get(key) === c) this.calls.delete(key);
    const shared = c.dups > 0;
    for (let w = c.waiters.shift(); w !== null; w = c.waiters.shift()) {
      if (failed) {
        w.failed = true;
        w.panic = error;
      } else {
        w.value = [value, true];
      }
      ready(w);
    }
    if (failed) throw error;
    return [value as T, shared];
  }
}

function first<T>(r: [T, boolean]): T {
  return r[0];
}
