// Go's sync primitives (and x/sync's weighted semaphore) in shared memory, usable from every thread.
// Each is a Monitor (monitor.ts): a few int32 words guarded by a spin lock, and a wake word that
// goroutines park on with Atomics.waitAsync, so no thread's event loop is ever blocked.
import { Monitor, STATE, NOT_YET, DONE, DONE_WAKE } from './monitor.js';
import { fromWire, registerKind, remember, toWire, type Descriptor } from './shared.js';
import { PanicError } from '../panic.js';

/** What `lock()` resolves to: `using _ = await mu.lock();` unlocks at the end of the block. */
export interface SharedLocker {
  lock(): Promise<Disposable>;
  unlock(): void;
}

const M_NEXT = STATE;
const M_SERVING = STATE + 1;

/**
 * `sync.Mutex` across threads: a ticket lock, so waiters are served in arrival order. Not reentrant,
 * and not owned (as in Go, any goroutine may unlock it).
 */
export class SharedMutex extends Monitor implements SharedLocker {
  private readonly guard: Disposable = { [Symbol.dispose]: () => this.unlock() };

  constructor(from?: SharedArrayBuffer) {
    super(from ?? 2);
    if (from === undefined) remember(this);
  }

  protected get kind(): string {
    return 'Mutex';
  }

  lock(): Promise<Disposable> {
    const h = this.h;
    const t = Atomics.add(h, M_NEXT, 1);
    if (Atomics.load(h, M_SERVING) === t) return Promise.resolve(this.guard);
    return this.until(() => (h[M_SERVING] === t ? DONE : NOT_YET), 'sync.Mutex.Lock').then(() => this.guard);
  }

  tryLock(): boolean {
    const s = Atomics.load(this.h, M_SERVING);
    return Atomics.compareExchange(this.h, M_NEXT, s, (s + 1) | 0) === s;
  }

  unlock(): void {
    const h = this.h;
    this.enter();
    const s = h[M_SERVING]!;
    if (s === Atomics.load(h, M_NEXT)) {
      this.leave();
      throw new PanicError('sync: unlock of unlocked mutex');
    }
    Atomics.store(h, M_SERVING, (s + 1) | 0);
    this.leave(true);
  }
}

const RW_READERS = STATE;
const RW_WRITER = STATE + 1;
const RW_W_WAITING = STATE + 2;
const RW_W_NEXT = STATE + 3;
const RW_W_SERVING = STATE + 4;
/** Writer unlocks so far: a reader that waited through one may enter even if writers queue again. */
const RW_W_UNLOCKS = STATE + 5;

/**
 * `sync.RWMutex` across threads. A waiting writer keeps new readers out (Go's writer preference, so
 * recursive read locking can deadlock as in Go); readers that waited for a writer enter when it
 * unlocks, before the next writer; writers are served in arrival order.
 */
export class SharedRWMutex extends Monitor implements SharedLocker {
  private readonly guard: Disposable = { [Symbol.dispose]: () => this.unlock() };
  private readonly rguard: Disposable = { [Symbol.dispose]: () => this.runlock() };

  constructor(from?: SharedArrayBuffer) {
    super(from ?? 6);
    if (from === undefined) remember(this);
  }

  protected get kind(): string {
    return 'RWMutex';
  }

  rlock(): Promise<Disposable> {
    const h = this.h;
    this.enter();
    if (h[RW_WRITER] === 0 && h[RW_W_WAITING] === 0) {
      h[RW_READERS] = h[RW_READERS]! + 1;
      this.leave();
      return Promise.resolve(this.rguard);
    }
    const epoch = h[RW_W_UNLOCKS]!;
    this.leave();
    const ready = () => {
      if (h[RW_WRITER] === 0 && (h[RW_W_WAITING] === 0 || h[RW_W_UNLOCKS] !== epoch)) {
        h[RW_READERS] = h[RW_READERS]! + 1;
        return DONE;
      }
      return NOT_YET;
    };
    return this.until(ready, 'sync.RWMutex.RLock').then(() => this.rguard);
  }

  tryRLock(): boolean {
    const h = this.h;
    this.enter();
    const ok = h[RW_WRITER] === 0 && h[RW_W_WAITING] === 0;
    if (ok) h[RW_READERS] = h[RW_READERS]! + 1;
    this.leave();
    return ok;
  }

  runlock(): void {
    const h = this.h;
    this.enter();
    if (h[RW_READERS] === 0) {
      this.leave();
      throw new PanicError('sync: RUnlock of unlocked RWMutex');
    }
    h[RW_READERS] = h[RW_READERS]! - 1;
    this.leave(h[RW_READERS] === 0);
  }

  lock(): Promise<Disposable> {
    const h = this.h;
    this.enter();
    const t = h[RW_W_NEXT]!;
    h[RW_W_NEXT] = (t + 1) | 0;
    if (h[RW_W_SERVING] === t && h[RW_WRITER] === 0 && h[RW_READERS] === 0) {
      h[RW_WRITER] = 1;
      this.leave();
      return Promise.resolve(this.guard);
    }
    h[RW_W_WAITING] = h[RW_W_WAITING]! + 1;
    this.leave();
    const ready = () => {
      if (h[RW_W_SERVING] === t && h[RW_WRITER] === 0 && h[RW_READERS] === 0) {
        h[RW_WRITER] = 1;
        h[RW_W_WAITING] = h[RW_W_WAITING]! - 1;
        return DONE;
      }
      return NOT_YET;
    };
    return this.until(ready, 'sync.RWMutex.Lock').then(() => this.guard);
  }

  tryLock(): boolean {
    const h = this.h;
    this.enter();
    const t = h[RW_W_NEXT]!;
    const ok = h[RW_W_SERVING] === t && h[RW_WRITER] === 0 && h[RW_READERS] === 0;
    if (ok) {
      h[RW_W_NEXT] = (t + 1) | 0;
      h[RW_WRITER] = 1;
    }
    this.leave();
    return ok;
  }

  unlock(): void {
    const h = this.h;
    this.enter();
    if (h[RW_WRITER] === 0) {
      this.leave();
      throw new PanicError('sync: Unlock of unlocked RWMutex');
    }
    h[RW_WRITER] = 0;
    h[RW_W_SERVING] = (h[RW_W_SERVING]! + 1) | 0;
    h[RW_W_UNLOCKS] = (h[RW_W_UNLOCKS]! + 1) | 0;
    this.leave(true);
  }

  /** `rw.RLocker()`: a Locker whose lock/unlock are rlock/runlock. */
  rlocker(): SharedLocker {
    return { lock: () => this.rlock(), unlock: () => this.runlock() };
  }
}

const WG_COUNT = STATE;

/** `sync.WaitGroup` across threads. */
export class SharedWaitGroup extends Monitor {
  constructor(from?: SharedArrayBuffer) {
    super(from ?? 1);
    if (from === undefined) remember(this);
  }

  protected get kind(): string {
    return 'WaitGroup';
  }

  add(delta: number): void {
    const h = this.h;
    this.enter();
    const c = h[WG_COUNT]! + delta;
    if (c < 0) {
      this.leave();
      throw new PanicError('sync: negative WaitGroup counter');
    }
    h[WG_COUNT] = c;
    this.leave(c === 0);
  }

  done(): void {
    this.add(-1);
  }

  wait(): Promise<void> {
    const h = this.h;
    if (Atomics.load(h, WG_COUNT) === 0) return Promise.resolve();
    return this.until(() => (h[WG_COUNT] === 0 ? DONE : NOT_YET), 'sync.WaitGroup.Wait');
  }
}

const C_WAIT = STATE;
const C_NOTIFY = STATE + 1;

/**
 * `sync.Cond` across threads, over a shared Mutex or RWMutex (or an RWMutex's rlocker). Like Go's
 * notify list: `signal` wakes the goroutine that has waited longest, `broadcast` every one.
 */
export class SharedCond extends Monitor {
  /** `c.L`. */
  readonly l: SharedLocker;

  constructor(l: SharedMutex | SharedRWMutex | SharedLocker, from?: SharedArrayBuffer) {
    super(from ?? 2);
    this.l = l;
    if (from === undefined) remember(this);
  }

  protected get kind(): string {
    return 'Cond';
  }

  override descriptor(): Descriptor {
    if (!(this.l instanceof SharedMutex || this.l instanceof SharedRWMutex))
      throw new TypeError(
        'goroutines: a Cond over an rlocker cannot cross threads; share the RWMutex and make the Cond there',
      );
    return { ...super.descriptor(), locker: toWire(this.l) } as Descriptor;
  }

  async wait(): Promise<void> {
    const h = this.h;
    this.enter();
    const t = h[C_WAIT]!;
    h[C_WAIT] = (t + 1) | 0;
    this.leave();
    this.l.unlock();
    await this.until(() => (((h[C_NOTIFY]! - t) | 0) > 0 ? DONE : NOT_YET), 'sync.Cond.Wait');
    await this.l.lock();
  }

  signal(): void {
    const h = this.h;
    this.enter();
    const more = h[C_NOTIFY] !== h[C_WAIT];
    if (more) h[C_NOTIFY] = (h[C_NOTIFY]! + 1) | 0;
    this.leave(more);
  }

  broadcast(): void {
    const h = this.h;
    this.enter();
    const more = h[C_NOTIFY] !== h[C_WAIT];
    h[C_NOTIFY] = h[C_WAIT]!;
    this.leave(more);
  }
}

const O_STATE = STATE;
const O_IDLE = 0;
const O_RUNNING = 1;
const O_DONE = 2;

/** `sync.Once` across threads: the first `do` runs its function (on its own thread); the others wait for it. */
export class SharedOnce extends Monitor {
  constructor(from?: SharedArrayBuffer) {
    super(from ?? 1);
    if (from === undefined) remember(this);
  }

  protected get kind(): string {
    return 'Once';
  }

  async do(f: () => unknown): Promise<void> {
    const h = this.h;
    if (Atomics.load(h, O_STATE) === O_DONE) return;
    this.enter();
    if (h[O_STATE] === O_IDLE) {
      h[O_STATE] = O_RUNNING;
      this.leave();
      try {
        await f();
      } finally {
        // As in Go: a function that panicked still counts as done.
        this.enter();
        h[O_STATE] = O_DONE;
        this.leave(true);
      }
      return;
    }
    this.leave();
    await this.until(() => (h[O_STATE] === O_DONE ? DONE : NOT_YET), 'sync.Once.Do');
  }
}

const S_SIZE = STATE;
const S_CUR = STATE + 1;
const S_NEXT = STATE + 2;
const S_SERVING = STATE + 3;

/** What `acquire` accepts as Go's ctx: anything with an AbortSignal (a runtime Context has one). */
export interface HasSignal {
  readonly signal: AbortSignal;
  err?(): unknown;
}

/**
 * x/sync's `semaphore.Weighted` across threads: waiters are served in arrival order, so a large
 * request is not starved by small ones (and blocks the small ones behind it, as in Go).
 */
export class SharedSemaphore extends Monitor {
  constructor(size: number | SharedArrayBuffer) {
    super(typeof size === 'number' ? 4 : size);
    if (typeof size === 'number') {
      this.h[S_SIZE] = size;
      remember(this);
    }
  }

  protected get kind(): string {
    return 'Semaphore';
  }

  async acquire(ctx?: HasSignal, n = 1): Promise<void> {
    const h = this.h;
    this.enter();
    if (h[S_NEXT] === h[S_SERVING] && h[S_SIZE]! - h[S_CUR]! >= n) {
      h[S_CUR] = h[S_CUR]! + n;
      this.leave();
      return;
    }
    const t = h[S_NEXT]!;
    h[S_NEXT] = (t + 1) | 0;
    this.leave();
    const ready = () => {
      if (h[S_SERVING] === t && h[S_SIZE]! - h[S_CUR]! >= n) {
        h[S_CUR] = h[S_CUR]! + n;
        h[S_SERVING] = (t + 1) | 0;
        return DONE_WAKE;
      }
      return NOT_YET;
    };
    try {
      await this.until(ready, 'semacquire', ctx?.signal);
    } catch (e) {
      // Our turn must still pass to the next waiter when it comes.
      void this.until(
        () => (h[S_SERVING] === t ? ((h[S_SERVING] = (t + 1) | 0), DONE_WAKE) : NOT_YET),
        'semacquire',
      );
      throw ctx?.err?.() ?? e;
    }
  }

  tryAcquire(n = 1): boolean {
    const h = this.h;
    this.enter();
    const ok = h[S_NEXT] === h[S_SERVING] && h[S_SIZE]! - h[S_CUR]! >= n;
    if (ok) h[S_CUR] = h[S_CUR]! + n;
    this.leave();
    return ok;
  }

  release(n = 1): void {
    const h = this.h;
    this.enter();
    if (h[S_CUR]! - n < 0) {
      this.leave();
      throw new PanicError('semaphore: released more than held');
    }
    h[S_CUR] = h[S_CUR]! - n;
    this.leave(true);
  }
}

registerKind('Mutex', (d) => new SharedMutex(d.buffers[0]!));
registerKind('RWMutex', (d) => new SharedRWMutex(d.buffers[0]!));
registerKind('WaitGroup', (d) => new SharedWaitGroup(d.buffers[0]!));
registerKind('Once', (d) => new SharedOnce(d.buffers[0]!));
registerKind('Semaphore', (d) => new SharedSemaphore(d.buffers[0]!));
registerKind(
  'Cond',
  (d) =>
    new SharedCond(fromWire((d as unknown as { locker: unknown }).locker) as SharedLocker, d.buffers[0]!),
);
