// sync.RWMutex with Go's writer preference: once a writer waits, new readers wait behind it (so a
// recursive read lock can deadlock, as in Go). When a writer unlocks, the readers that queued behind it
// all get the lock before the next writer, which then waits for them to finish.
//
// Invariants: `writer` and `readers > 0` are never both true; readers wait only while a writer holds
// or waits for the lock.
import { describe, hooks, type ObjectDescription } from '../inspect/hooks.js';
import { PanicError } from '../panic.js';
import type { GoroutineRecord } from '../sched/record.js';
import { currentG, park, preempt, ready, waiter, WaitQueue, yieldWith } from '../sched/sched.js';
import type { Locker } from './locker.js';

export class RWMutex implements Locker {
  private writer = false;
  private writerG: GoroutineRecord | null = null;
  private readers = 0;
  private readonly readHolders = new Set<GoroutineRecord>();
  private readonly writersWaiting = new WaitQueue();
  private readonly readersWaiting = new WaitQueue();
  private readonly wguard: Disposable;
  private readonly rguard: Disposable;
  private readonly wlocked$: Promise<Disposable>;
  private readonly rlocked$: Promise<Disposable>;
  private rlockerView: Locker | null = null;

  constructor() {
    this.wguard = { [Symbol.dispose]: () => this.unlock() };
    this.rguard = { [Symbol.dispose]: () => this.runlock() };
    this.wlocked$ = Promise.resolve(this.wguard);
    this.rlocked$ = Promise.resolve(this.rguard);
    if (hooks.objectCreated !== null) hooks.objectCreated(this);
  }

  /** `rw.RLock()`: resolves to a guard that read-unlocks when disposed. */
  rlock(): Promise<Disposable> {
    const g = currentG();
    if (hooks.lockAcquiring !== null) hooks.lockAcquiring(this, 'rlock', g);
    if (!this.writer && this.writersWaiting.size === 0) {
      this.grantRead(g);
      return preempt() ? yieldWith(this.rguard) : this.rlocked$;
    }
    const w = waiter();
    w.value = this.rguard;
    this.readersWaiting.push(w);
    return park(w, 'sync.RWMutex.RLock', this);
  }

  /** `rw.TryRLock()`: fails while a writer holds or waits for the lock. */
  tryRLock(): boolean {
    if (this.writer || this.writersWaiting.size > 0) return false;
    this.grantRead(currentG());
    return true;
  }

  /** `rw.RUnlock()` */
  runlock(): void {
    if (this.readers === 0) throw new PanicError('sync: RUnlock of unlocked RWMutex');
    this.readers--;
    const g = currentG();
    if (g !== null) this.readHolders.delete(g);
    if (hooks.lockReleased !== null) hooks.lockReleased(this, 'rlock', g);
    if (this.readers === 0) this.grantWriter();
  }

  /** `rw.Lock()`: resolves to a guard that unlocks when disposed. */
  lock(): Promise<Disposable> {
    const g = currentG();
    if (hooks.lockAcquiring !== null) hooks.lockAcquiring(this, 'wlock', g);
    if (!this.writer && this.readers === 0 && this.writersWaiting.size === 0) {
      this.writer = true;
      this.writerG = g;
      if (hooks.lockAcquired !== null) hooks.lockAcquired(this, 'wlock', g);
      return preempt() ? yieldWith(this.wguard) : this.wlocked$;
    }
    const w = waiter();
    w.value = this.wguard;
    this.writersWaiting.push(w);
    return park(w, 'sync.RWMutex.Lock', this);
  }

  /** `rw.TryLock()` */
  tryLock(): boolean {
    if (this.writer || this.readers > 0 || this.writersWaiting.size > 0) return false;
    const g = currentG();
    this.writer = true;
    this.writerG = g;
    if (hooks.lockAcquired !== null) hooks.lockAcquired(this, 'wlock', g);
    return true;
  }

  /** `rw.Unlock()` */
  unlock(): void {
    if (!this.writer) throw new PanicError('sync: Unlock of unlocked RWMutex');
    if (hooks.lockReleased !== null) hooks.lockReleased(this, 'wlock', this.writerG);
    this.writer = false;
    this.writerG = null;
    // Readers that arrived while the writer held the lock go first, as in Go.
    for (let r = this.readersWaiting.shift(); r !== null; r = this.readersWaiting.shift()) {
      this.grantRead(r.g);
      ready(r);
    }
    if (this.readers === 0) this.grantWriter();
  }

  /** `rw.RLocker()`: a Locker whose lock/unlock are rlock/runlock. */
  rlocker(): Locker {
    if (this.rlockerView === null) {
      this.rlockerView = { lock: () => this.rlock(), unlock: () => this.runlock() };
    }
    return this.rlockerView;
  }

  private grantRead(g: GoroutineRecord | null): void {
    this.readers++;
    if (g !== null) this.readHolders.add(g);
    if (hooks.lockAcquired !== null) hooks.lockAcquired(this, 'rlock', g);
  }

  private grantWriter(): void {
    const w = this.writersWaiting.shift();
    if (w === null) return;
    this.writer = true;
    this.writerG = w.g;
    if (hooks.lockAcquired !== null) hooks.lockAcquired(this, 'wlock', w.g);
    ready(w);
  }

  [describe](): ObjectDescription {
    return {
      kind: 'RWMutex',
      holder: this.writerG,
      readHolders: this.readHolders,
      waiters: [...this.writersWaiting.goroutines(), ...this.readersWaiting.goroutines()],
    };
  }
}
