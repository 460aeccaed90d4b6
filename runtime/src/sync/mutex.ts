// sync.Mutex: not reentrant; waiters are served first-come first-served (the lock is handed to the
// next waiter on unlock, so nobody starves). Invariant: `waiters` is non-empty only while locked.
import { describe, hooks, type ObjectDescription } from '../inspect/hooks.js';
import { PanicError } from '../panic.js';
import type { GoroutineRecord } from '../sched/record.js';
import { currentG, park, preempt, ready, waiter, WaitQueue, yieldWith } from '../sched/sched.js';
import type { Locker } from './locker.js';

export class Mutex implements Locker {
  private locked = false;
  private holder: GoroutineRecord | null = null;
  private readonly waiters = new WaitQueue();
  private readonly guard: Disposable;
  private readonly locked$: Promise<Disposable>;

  constructor() {
    this.guard = { [Symbol.dispose]: () => this.unlock() };
    this.locked$ = Promise.resolve(this.guard);
    if (hooks.objectCreated !== null) hooks.objectCreated(this);
  }

  /** `mu.Lock()`: resolves to a guard that unlocks when disposed. */
  lock(): Promise<Disposable> {
    // Free, and no lock hooks (debug runs, lock-order checking): one check, the cached settled guard.
    // No holder is recorded then: it would be a best guess outside debug runs (see sched.ts).
    if (!this.locked && hooks.lockAcquired === null) {
      this.locked = true;
      return preempt() ? yieldWith(this.guard) : this.locked$;
    }
    return this.lockSlow();
  }

  private lockSlow(): Promise<Disposable> {
    const g = currentG();
    if (hooks.lockAcquiring !== null) hooks.lockAcquiring(this, 'mutex', g);
    if (!this.locked) {
      this.locked = true;
      this.holder = g;
      if (hooks.lockAcquired !== null) hooks.lockAcquired(this, 'mutex', g);
      return preempt() ? yieldWith(this.guard) : this.locked$;
    }
    const w = waiter();
    w.value = this.guard;
    this.waiters.push(w);
    return park(w, 'sync.Mutex.Lock', this);
  }

  /** `mu.TryLock()` */
  tryLock(): boolean {
    if (this.locked) return false;
    const g = currentG();
    this.locked = true;
    this.holder = g;
    if (hooks.lockAcquired !== null) hooks.lockAcquired(this, 'mutex', g);
    return true;
  }

  /** `mu.Unlock()`: any goroutine may unlock, as in Go. */
  unlock(): void {
    if (!this.locked) throw new PanicError('sync: unlock of unlocked mutex');
    if (hooks.lockReleased !== null) hooks.lockReleased(this, 'mutex', this.holder);
    if (this.waiters.head === null) {
      this.locked = false;
      if (this.holder !== null) this.holder = null;
      return;
    }
    const w = this.waiters.shift()!;
    this.holder = w.g;
    if (hooks.lockAcquired !== null) hooks.lockAcquired(this, 'mutex', w.g);
    ready(w);
  }

  [describe](): ObjectDescription {
    return { kind: 'Mutex', holder: this.holder, waiters: this.waiters.goroutines() };
  }
}
