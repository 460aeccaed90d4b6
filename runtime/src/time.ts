// Timers with Go 1.23 semantics: sleep, after, tick, Timer, Ticker, afterFunc.
//
// A timer's channel behaves as if unbuffered (Go 1.23): `length` and `capacity` are 0, and after
// `stop()` or `reset()` returns, no stale value can be received. A fired value that nobody has
// received yet still counts as the timer being active, so stop/reset return true and discard it
// (Go's timerchandrain). Node's timers keep the event loop alive while they are pending, so a
// goroutine waiting on a running timer is never reported as deadlocked.
import { Chan, type RecvChan } from './chan.js';
import { PanicError } from './panic.js';
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
  constructor() {
    super(1);
  }

  override get length(): number {
    return 0;
  }

  override get capacity(): number {
    return 0;
  }
}

type Handle = ReturnType<typeof setTimeout>;

/** `time.NewTimer(d)`: `c` receives the time once after `ms`; `afterFunc` timers run a function instead. */
export class Timer {
  readonly c: RecvChan<Date>;
  private readonly ch: TimerChan;
  private handle: Handle | null = null;
  private readonly fn: (() => unknown) | null;

  constructor(ms: number, fn?: () => unknown) {
    this.ch = new TimerChan();
    this.c = this.ch;
    this.fn = fn ?? null;
    this.start(ms);
  }

  private start(ms: number): void {
    this.handle = setTimeout(fireTimer, Math.max(0, ms), this);
  }

  /** @internal */
  fire(): void {
    this.handle = null;
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
  private readonly ch: TimerChan;
  private handle: ReturnType<typeof setInterval> | null = null;

  constructor(ms: number) {
    if (!(ms > 0)) throw new PanicError('non-positive interval for NewTicker');
    this.ch = new TimerChan();
    this.c = this.ch;
    this.handle = setInterval(tickTicker, ms, this.ch);
  }

  /** `t.Stop()`: no more ticks; a tick not yet received is discarded. */
  stop(): void {
    if (this.handle !== null) clearInterval(this.handle);
    this.handle = null;
    this.ch.discardBuffered();
  }

  /** `t.Reset(d)`: ticks every `ms` from now on. */
  reset(ms: number): void {
    if (!(ms > 0)) throw new PanicError('non-positive interval for Ticker.Reset');
    this.stop();
    this.handle = setInterval(tickTicker, ms, this.ch);
  }
}

function tickTicker(ch: TimerChan): void {
  ch.trySend(new Date());
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
