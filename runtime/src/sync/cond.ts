// sync.Cond: goroutines wait for a condition while holding `l`. `wait()` joins the notify list before
// unlocking `l` (so a signal sent right after the unlock is not lost), parks, then locks `l` again.
import { describe, hooks, type ObjectDescription } from '../inspect/hooks.js';
import { park, ready, Waiter, WaitQueue } from '../sched/sched.js';
import type { Locker } from './locker.js';

export class Cond {
  private readonly waiters = new WaitQueue();

  constructor(readonly l: Locker) {
    if (hooks.objectCreated !== null) hooks.objectCreated(this);
  }

  /** `c.Wait()`: the caller must hold `l`; returns holding it again. */
  async wait(): Promise<void> {
    const w = new Waiter();
    this.waiters.push(w);
    try {
      this.l.unlock();
    } catch (err) {
      this.waiters.remove(w);
      throw err;
    }
    await park(w, 'sync.Cond.Wait', this);
    await this.l.lock();
  }

  /** `c.Signal()`: wakes the longest-waiting goroutine, if any. */
  signal(): void {
    const w = this.waiters.shift();
    if (w !== null) ready(w);
  }

  /** `c.Broadcast()`: wakes every waiting goroutine. */
  broadcast(): void {
    for (let w = this.waiters.shift(); w !== null; w = this.waiters.shift()) ready(w);
  }

  [describe](): ObjectDescription {
    return { kind: 'Cond', waiters: this.waiters.goroutines() };
  }
}
