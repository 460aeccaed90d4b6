// sync.WaitGroup: a counter; wait() parks until it is zero. Invariant: waiters exist only while the
// counter is positive.
import { describe, hooks, type ObjectDescription } from '../inspect/hooks.js';
import { PanicError } from '../panic.js';
import { park, ready, spawn, Waiter, WaitQueue } from '../sched/sched.js';

const RESOLVED: Promise<void> = Promise.resolve();

export class WaitGroup {
  private counter = 0;
  private readonly waiters = new WaitQueue();

  constructor() {
    if (hooks.objectCreated !== null) hooks.objectCreated(this);
  }

  /** The counter (not in Go: for tests and the inspector). */
  get count(): number {
    return this.counter;
  }

  /** `wg.Add(delta)`: a negative counter panics; reaching zero releases every waiter. */
  add(delta: number): void {
    const c = this.counter + delta;
    if (c < 0) {
      this.counter = 0;
      throw new PanicError('sync: negative WaitGroup counter');
    }
    this.counter = c;
    if (c === 0) for (let w = this.waiters.shift(); w !== null; w = this.waiters.shift()) ready(w);
  }

  /** `wg.Done()` */
  done(): void {
    this.add(-1);
  }

  /** `wg.Wait()` */
  wait(): Promise<void> {
    if (this.counter === 0) return RESOLVED;
    const w = new Waiter();
    this.waiters.push(w);
    return park(w, 'sync.WaitGroup.Wait', this);
  }

  /** `wg.Go(f)` (Go 1.25): `add(1)`, then `f` in a new goroutine that calls `done()` when it returns. */
  go(f: () => unknown): void {
    this.add(1);
    spawn(f.name, runAndDone, [this, f], this.go);
  }

  [describe](): ObjectDescription {
    return { kind: 'WaitGroup', waiters: this.waiters.goroutines() };
  }
}

async function runAndDone(wg: WaitGroup, f: () => unknown): Promise<void> {
  try {
    await f();
  } finally {
    wg.done();
  }
}
