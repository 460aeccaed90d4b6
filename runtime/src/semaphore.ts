// semaphore.Weighted (golang.org/x/sync/semaphore): a weighted semaphore with FIFO waiters. A large
// request at the head is not overtaken by smaller ones behind it (no starvation of big requests).
//
// Cancellation never leaks a permit: when the context is cancelled after the permit was granted but
// before the acquirer resumed, the acquirer gives the tokens back when it resumes and rejects with the
// context's error (as x/sync does when it finds ctx done after `ready`).
import { background, type Context } from './context.js';
import { describe, hooks, type ObjectDescription } from './inspect/hooks.js';
import { PanicError } from './panic.js';
import { park, ready, Waiter, WaitQueue } from './sched/sched.js';

const RESOLVED: Promise<void> = Promise.resolve();

export class Semaphore {
  private cur = 0;
  private readonly waiters = new WaitQueue();

  constructor(private readonly size: number) {
    if (hooks.objectCreated !== null) hooks.objectCreated(this);
  }

  /** Tokens held now (not in x/sync: for tests and the inspector). */
  get held(): number {
    return this.cur;
  }

  /**
   * `s.Acquire(ctx, n)`: resolves once `n` tokens are held; rejects with `ctx.err()` if the context is
   * done first, holding nothing.
   */
  acquire(ctx: Context = background(), n = 1): Promise<void> {
    const err = ctx.err();
    if (err !== null) return Promise.reject(err);
    if (this.size - this.cur >= n && this.waiters.size === 0) {
      this.cur += n;
      return RESOLVED;
    }
    const w = new Waiter();
    w.n = n;
    const signal = ctx.signal;
    const onAbort = (): void => this.abandon(w, ctx);
    // A request larger than the semaphore can never succeed: wait for the context only, without
    // blocking the requests behind it (as x/sync does).
    if (n <= this.size) this.waiters.push(w);
    signal.addEventListener('abort', onAbort, { once: true });
    return park<void>(w, 'semacquire', this).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        // Granted, but the context was cancelled before the acquirer resumed: give the tokens back,
        // as x/sync does when it finds ctx done after `ready`.
        const err = ctx.err();
        if (err !== null) {
          this.release(n);
          throw err;
        }
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        throw err;
      },
    );
  }

  /** The context of a waiting acquire is done: leave the queue and fail, unless already granted. */
  private abandon(w: Waiter, ctx: Context): void {
    const granted = w.queue !== this.waiters && w.n <= this.size;
    if (granted) return;
    if (w.queue === this.waiters) {
      const front = this.waiters.head === w;
      this.waiters.remove(w);
      if (front && this.size > this.cur) this.notify();
    }
    w.failed = true;
    w.panic = ctx.err();
    ready(w);
  }

  /** `s.TryAcquire(n)`: takes `n` tokens if available now, without waiting. */
  tryAcquire(n = 1): boolean {
    if (this.size - this.cur >= n && this.waiters.size === 0) {
      this.cur += n;
      return true;
    }
    return false;
  }

  /** `s.Release(n)` */
  release(n = 1): void {
    this.cur -= n;
    if (this.cur < 0) {
      this.cur += n;
      throw new PanicError('semaphore: released more than held');
    }
    this.notify();
  }

  private notify(): void {
    for (let w = this.waiters.head; w !== null; w = this.waiters.head) {
      if (this.size - this.cur < w.n) break;
      this.cur += w.n;
      this.waiters.remove(w);
      ready(w);
    }
  }

  [describe](): ObjectDescription {
    return { kind: 'Semaphore', waiters: this.waiters.goroutines() };
  }
}
