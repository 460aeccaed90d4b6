// Timers with Go 1.23 semantics: sleep, after, tick, Timer, Ticker, afterFunc.
//
// A timer's channel behaves as if unbuffered (Go 1.23): `length` and `capacity` are 0, and after
// `stop()` or `reset()` returns, no stale value can be received. A fired value that nobody has
// received yet still counts as the timer being active, so stop/reset return true and discard it
// (Go's timerchandrain). Node's timers keep the event loop alive while they are pending, so a
// goroutine waiting on a running timer is never reported as deadlocked.
//
// As in Go 1.23, the timer of a timer or ticker channel counts only while a goroutine is blocked
// receiving from it (Go keeps such timers in the timer heap only then): on the main thread their
// Node timers are unreferenced, so an abandoned `after(60_000)` (a select that took another case)
// does not hold the process for a minute. When the event loop drains, the timers that parked
// receivers (or selects) wait on are referenced again before the deadlock decision, so a goroutine
// waiting on a timer channel is never reported as deadlocked and keeps the process alive.
// `sleep`, `afterFunc` and deadline contexts keep plain referenced timers.
import { isMainThread } from 'node:worker_threads';
import { Chan, type RecvChan } from './chan.js';
import { PanicError } from './panic.js';
import { keepAlive } from './sched/crash.js';
import { park, ready, spawn, Waiter } from './sched/sched.js';

const RESOLVED: Promise<void> = Promise.resolve();

function wake(w: Waiter): void {
  ready(w);
}

/** `time.Sleep(d)`: resolves after `ms` milliseconds; at once when `ms <= 0`. */
export function sleep(ms: number): Promise<void> {
  if (!(ms > 0)) return RESOLVED;
  const w = new Waiter();
  setTimeout(wake, ms, w);
  return park(w, 'sleep', null);
}

/** A timer's channel: one pending value at most, reported as unbuffered. */
class TimerChan extends Chan<Date> {
  /** The timer or ticker sending on it, whose Node timer is referenced while a receiver waits. */
  owner: ChanTimer | null = null;

  constructor() {
    super(1);
  }

  override get length(): number {
    return 0;
  }

  override get capacity(): number {
    return 0;
  }

  // Every way a receiver parks, then checks whether it did: a waiting receiver references the timer.
  override recv(): Promise<Date | undefined> {
    const p = super.recv();
    this.waited();
    return p;
  }

  override recvOk(): Promise<[Date, true] | [undefined, false]> {
    const p = super.recvOk();
    this.waited();
    return p;
  }

  override [Symbol.asyncIterator](): AsyncIterator<Date> {
    const it = super[Symbol.asyncIterator]();
    return {
      next: () => {
        const p = it.next();
        this.waited();
        return p;
      },
      return: it.return,
    };
  }

  override parkRecv(w: Waiter): void {
    super.parkRecv(w);
    this.waited();
  }

  override unpark(w: Waiter): void {
    super.unpark(w);
    if (this.recvq.size === 0 && this.owner !== null) lazy(this.owner);
  }

  private waited(): void {
    if (this.recvq.size > 0 && this.owner !== null) referenced(this.owner);
  }
}

type Handle = ReturnType<typeof setTimeout>;

/** A timer of a channel, running now and unreferenced (main thread only). */
interface ChanTimer {
  readonly ch: TimerChan;
  handle: Handle | null;
}

const unreferenced = new Set<ChanTimer>();

/** Unreferences a channel timer's Node timer until a receiver waits on it (see the top of the file). */
function lazy(t: ChanTimer): void {
  if (!isMainThread || t.handle === null || unreferenced.has(t)) return;
  t.handle.unref();
  unreferenced.add(t);
}

function referenced(t: ChanTimer): void {
  if (t.handle !== null && unreferenced.delete(t)) t.handle.ref();
}

// A safety net: a receiver that waits on an unreferenced timer when the event loop drains.
keepAlive.push(() => {
  let alive = false;
  for (const t of unreferenced)
    if (t.ch.recvq.size > 0) {
      referenced(t);
      alive = true;
    }
  return alive;
});

/** `time.NewTimer(d)`: `c` receives the time once after `ms`; `afterFunc` timers run a function instead. */
export class Timer {
  readonly c: RecvChan<Date>;
  /** @internal */
  readonly ch: TimerChan;
  /** @internal */
  handle: Handle | null = null;
  private readonly fn: (() => unknown) | null;

  constructor(ms: number, fn?: () => unknown) {
    this.ch = new TimerChan();
    this.c = this.ch;
    this.fn = fn ?? null;
    if (this.fn === null) this.ch.owner = this;
    this.start(ms);
  }

  private start(ms: number): void {
    this.handle = setTimeout(fireTimer, Math.max(0, ms), this);
    if (this.fn === null && this.ch.recvq.size === 0) lazy(this);
  }

  /** @internal */
  fire(): void {
    this.handle = null;
    unreferenced.delete(this);
    if (this.fn !== null) spawn(this.fn.name, this.fn, [], afterFunc);
    else this.ch.trySend(new Date());
  }

  /**
   * `t.Stop()`: prevents the timer from firing. True if this call stopped it; false if it had already
   * expired (its value received, or its function started) or been stopped.
   */
  stop(): boolean {
    let active = false;
    if (this.handle !== null) {
      clearTimeout(this.handle);
      this.handle = null;
      unreferenced.delete(this);
      active = true;
    }
    if (this.ch.discardBuffered()) active = true;
    return active;
  }

  /** `t.Reset(d)`: restarts the timer for `ms`; returns whether it was active, as `stop()` would. */
  reset(ms: number): boolean {
    const active = this.stop();
    this.start(ms);
    return active;
  }
}

function fireTimer(t: Timer): void {
  t.fire();
}

/** `time.NewTicker(d)`: `c` receives the time every `ms`; a slow receiver misses ticks (they are dropped). */
export class Ticker {
  readonly c: RecvChan<Date>;
  /** @internal */
  readonly ch: TimerChan;
  /** @internal */
  handle: ReturnType<typeof setInterval> | null = null;

  constructor(ms: number) {
    if (!(ms > 0)) throw new PanicError('non-positive interval for NewTicker');
    this.ch = new TimerChan();
    this.c = this.ch;
    this.ch.owner = this;
    this.handle = setInterval(tickTicker, ms, this);
    lazy(this);
  }

  /** `t.Stop()`: no more ticks; a tick not yet received is discarded. */
  stop(): void {
    if (this.handle !== null) clearInterval(this.handle);
    this.handle = null;
    unreferenced.delete(this);
    this.ch.discardBuffered();
  }

  /** `t.Reset(d)`: ticks every `ms` from now on. */
  reset(ms: number): void {
    if (!(ms > 0)) throw new PanicError('non-positive interval for Ticker.Reset');
    this.stop();
    this.handle = setInterval(tickTicker, ms, this);
    if (this.ch.recvq.size === 0) lazy(this);
  }
}

function tickTicker(t: Ticker): void {
  // Referenced again for a receiver that waited: with nobody waiting now, it goes back to lazy.
  if (t.ch.recvq.size === 0) lazy(t);
  t.ch.trySend(new Date());
}

/** `time.After(d)`: a channel that receives the time once after `ms`. */
export function after(ms: number): RecvChan<Date> {
  return new Timer(ms).c;
}

/**
 * `time.Tick(d)`: a channel that receives the time every `ms`. Like Go's nil result for `d <= 0`, the
 * channel then never receives anything.
 */
export function tick(ms: number): RecvChan<Date> {
  if (!(ms > 0)) return new TimerChan();
  return new Ticker(ms).c;
}

/** `time.AfterFunc(d, f)`: runs `f` in its own goroutine after `ms`; the Timer's `c` never receives. */
export function afterFunc(ms: number, f: () => unknown): Timer {
  return new Timer(ms, f);
}
