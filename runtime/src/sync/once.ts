// sync.Once: `do(f)` calls f the first time only; every other caller waits until that call has
// returned (or thrown: a throwing f counts as done, as a panicking one does in Go, and the error goes
// to the caller that ran it).
import { describe, hooks, type ObjectDescription } from '../inspect/hooks.js';
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
