// context: cancellation, deadlines and request-scoped values, as Go's context package.
//
// Invariants: a context's error is set once and never cleared; cancelling a context cancels every
// child first-registered with it and removes it from its parent; a deadline context's timer is cleared
// when it is cancelled for any reason, so it never keeps the process alive after that.
import { Chan, type RecvChan } from './chan.js';
import { PanicError } from './panic.js';
import { spawn } from './sched/sched.js';

/** `context.Canceled`: the error of a context cancelled by its cancel function. */
export const Canceled: Error = new Error('context canceled');
/** `context.DeadlineExceeded`: the error of a context whose deadline passed. */
export const DeadlineExceeded: Error = new Error('context deadline exceeded');

/** `context.Context` */
export interface Context {
  /** `ctx.Done()`: closed when the context is cancelled; never closed for background/todo. */
  done(): RecvChan<void>;
  /** `ctx.Err()`: null while the context is live, then Canceled or DeadlineExceeded. */
  err(): Error | null;
  /** `ctx.Value(key)` */
  value(key: unknown): unknown;
  /** `ctx.Deadline()`: `[deadline, true]`, or `[undefined, false]` without one. */
  deadline(): [Date | undefined, boolean];
  /** An AbortSignal aborted (with the context's error as reason) when the context is cancelled. */
  readonly signal: AbortSignal;
}

/** `context.CancelFunc`: cancels the context; later calls do nothing. */
export type CancelFunc = () => void;

/**
 * `context.CancelCauseFunc`: cancels the context with `cause` as what `cause(ctx)` reports (the
 * context's error when `cause` is null or undefined); later calls do nothing.
 */
export type CancelCauseFunc = (cause?: unknown) => void;

/** The key under which a cancel context answers `value()` with itself (Go's cancelCtxKey). */
const cancelCtxKey = Symbol('context.cancelCtx');

const never: Chan<void> = new Chan<void>();
const neverSignal: AbortSignal = new AbortController().signal;

class EmptyCtx implements Context {
  constructor(private readonly label: string) {}
  done(): RecvChan<void> {
    return never;
  }
  err(): Error | null {
    return null;
  }
  value(_key: unknown): unknown {
    return undefined;
  }
  deadline(): [Date | undefined, boolean] {
    return [undefined, false];
  }
  get signal(): AbortSignal {
    return neverSignal;
  }
  toString(): string {
    return this.label;
  }
}

const backgroundCtx = new EmptyCtx('context.Background');
const todoCtx = new EmptyCtx('context.TODO');

class CancelCtx implements Context {
  private doneCh: Chan<void> | null = null;
  private error: Error | null = null;
  /** What `cause(ctx)` reports once cancelled. */
  causeVal: unknown = null;
  private controller: AbortController | null = null;
  children: Set<CancelCtx> | null = null;
  /** The cancelCtx this one is registered with, or the listener on a foreign parent's signal. */
  private registeredWith: CancelCtx | null = null;
  private foreign: { signal: AbortSignal; listener: () => void } | null = null;

  constructor(readonly parent: Context) {}

  done(): RecvChan<void> {
    if (this.doneCh === null) {
      this.doneCh = new Chan<void>();
      if (this.error !== null) this.doneCh.close();
    }
    return this.doneCh;
  }

  err(): Error | null {
    return this.error;
  }

  value(key: unknown): unknown {
    return key === cancelCtxKey ? this : this.parent.value(key);
  }

  deadline(): [Date | undefined, boolean] {
    return this.parent.deadline();
  }

  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.error !== null) this.controller.abort(this.error);
    }
    return this.controller.signal;
  }

  /** Go's propagateCancel: cancel with the parent. */
  propagate(): void {
    const parent = this.parent;
    const perr = parent.err();
    if (perr !== null) {
      this.cancel(false, perr, cause(parent));
      return;
    }
    const p = nearestCancelCtx(parent);
    if (p !== null) {
      (p.children ??= new Set()).add(this);
      this.registeredWith = p;
      return;
    }
    // Never cancelled (background, todo, withoutCancel): nothing to follow.
    if (parent instanceof EmptyCtx || parent instanceof WithoutCancelCtx) return;
    // A Context implemented outside this module: follow its AbortSignal.
    const signal = parent.signal;
    const listener = (): void => this.cancel(false, parent.err() ?? Canceled, cause(parent));
    signal.addEventListener('abort', listener, { once: true });
    this.foreign = { signal, listener };
  }

  /** Go's cancelCtx.cancel: a null or undefined `cause` means `err`. */
  cancel(removeFromParent: boolean, err: Error, cause?: unknown): void {
    if (this.error !== null) return;
    this.error = err;
    this.causeVal = cause ?? err;
    if (this.doneCh !== null) this.doneCh.close();
    if (this.controller !== null) this.controller.abort(err);
    const children = this.children;
    this.children = null;
    if (children !== null) for (const c of children) c.cancel(false, err, this.causeVal);
    if (removeFromParent) this.detach();
    this.stopTimer();
  }

  /** Stops following the parent (Go's removeChild). */
  detach(): void {
    if (this.registeredWith !== null) this.registeredWith.children?.delete(this);
    this.registeredWith = null;
    if (this.foreign !== null) {
      this.foreign.signal.removeEventListener('abort', this.foreign.listener);
      this.foreign = null;
    }
  }

  protected stopTimer(): void {}
}

class TimerCtx extends CancelCtx {
  timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    parent: Context,
    private readonly when: Date,
    readonly expiryCause: unknown,
  ) {
    super(parent);
  }

  override deadline(): [Date | undefined, boolean] {
    return [this.when, true];
  }

  protected override stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

class ValueCtx implements Context {
  constructor(
    readonly parent: Context,
    private readonly key: unknown,
    private readonly val: unknown,
  ) {}
  done(): RecvChan<void> {
    return this.parent.done();
  }
  err(): Error | null {
    return this.parent.err();
  }
  value(key: unknown): unknown {
    return key === this.key ? this.val : this.parent.value(key);
  }
  deadline(): [Date | undefined, boolean] {
    return this.parent.deadline();
  }
  get signal(): AbortSignal {
    return this.parent.signal;
  }
}

function nearestCancelCtx(ctx: Context): CancelCtx | null {
  for (let c: Context = ctx; ;) {
    if (c instanceof CancelCtx) return c;
    if (c instanceof ValueCtx) c = c.parent;
    else return null;
  }
}

/** `context.Background()` */
export function background(): Context {
  return backgroundCtx;
}

/** `context.TODO()` */
export function todo(): Context {
  return todoCtx;
}

/** `ctx, cancel := context.WithCancel(parent)` */
export function withCancel(parent: Context): [Context, CancelFunc] {
  const c = new CancelCtx(parent);
  c.propagate();
  return [c, () => c.cancel(true, Canceled)];
}

function expire(c: TimerCtx): void {
  c.timer = null;
  c.cancel(true, DeadlineExceeded, c.expiryCause);
}

/** `context.WithDeadline(parent, d)` */
export function withDeadline(parent: Context, d: Date): [Context, CancelFunc] {
  return withDeadlineCause(parent, d, null);
}

/** `context.WithDeadlineCause(parent, d, cause)`: `cause(ctx)` is `cause` once the deadline passed. */
export function withDeadlineCause(parent: Context, d: Date, cause: unknown): [Context, CancelFunc] {
  const [cur, has] = parent.deadline();
  // The parent's deadline is already sooner: a plain cancel context behaves the same.
  if (has && cur!.getTime() < d.getTime()) return withCancel(parent);
  const c = new TimerCtx(parent, d, cause);
  c.propagate();
  const dur = d.getTime() - Date.now();
  if (dur <= 0) {
    c.cancel(true, DeadlineExceeded, cause);
    return [c, () => c.cancel(false, Canceled)];
  }
  if (c.err() === null) c.timer = setTimeout(expire, dur, c);
  return [c, () => c.cancel(true, Canceled)];
}

/** `context.WithTimeout(parent, d)` */
export function withTimeout(parent: Context, ms: number): [Context, CancelFunc] {
  return withDeadlineCause(parent, new Date(Date.now() + ms), null);
}

/** `context.WithTimeoutCause(parent, d, cause)` */
export function withTimeoutCause(parent: Context, ms: number, cause: unknown): [Context, CancelFunc] {
  return withDeadlineCause(parent, new Date(Date.now() + ms), cause);
}

/** `ctx, cancel := context.WithCancelCause(parent)`: `cancel(cause)` records why. */
export function withCancelCause(parent: Context): [Context, CancelCauseFunc] {
  const c = new CancelCtx(parent);
  c.propagate();
  return [c, (cause?: unknown) => c.cancel(true, Canceled, cause)];
}

/**
 * `context.Cause(ctx)`: why the context was cancelled: the cause given to a CancelCauseFunc or to a
 * *Cause deadline, else the context's error; null while it is live. A context that does not descend
 * from a cancel context (background, todo, withoutCancel) reports its `err()`.
 */
export function cause(ctx: Context): unknown {
  const c = ctx.value(cancelCtxKey);
  if (c instanceof CancelCtx) return c.err() === null ? null : c.causeVal;
  return ctx.err();
}

/** Calls `f` in its own goroutine once the context is done, unless stopped first. */
class AfterFuncCtx extends CancelCtx {
  /** 0: waiting, 1: f started, 2: stopped. */
  state = 0;

  constructor(
    parent: Context,
    private readonly f: () => unknown,
  ) {
    super(parent);
  }

  override cancel(removeFromParent: boolean, err: Error, cause?: unknown): void {
    super.cancel(false, err, cause);
    this.detach();
    if (this.state !== 0) return;
    this.state = 1;
    spawn(this.f.name, this.f, [], afterFunc);
  }

  stop(): boolean {
    if (this.state !== 0) return false;
    this.state = 2;
    this.detach();
    return true;
  }
}

/**
 * `stop := context.AfterFunc(ctx, f)`: runs `f` in its own goroutine once `ctx` is done (at once if it
 * already is). `stop()` disassociates `f`: true if that kept `f` from running, false if `f` had already
 * started or `stop` was called before. Each call is independent of the others.
 */
export function afterFunc(ctx: Context, f: () => unknown): () => boolean {
  const a = new AfterFuncCtx(ctx, f);
  a.propagate();
  return () => a.stop();
}

/** Never done, no deadline, the parent's values: what `withoutCancel` returns. */
class WithoutCancelCtx implements Context {
  constructor(readonly parent: Context) {}
  done(): RecvChan<void> {
    return never;
  }
  err(): Error | null {
    return null;
  }
  value(key: unknown): unknown {
    // A cancel context's own key stops here: `cause()` of this context is null, as in Go.
    return key === cancelCtxKey ? undefined : this.parent.value(key);
  }
  deadline(): [Date | undefined, boolean] {
    return [undefined, false];
  }
  get signal(): AbortSignal {
    return neverSignal;
  }
}

/** `context.WithoutCancel(parent)`: the parent's values, never cancelled when the parent is. */
export function withoutCancel(parent: Context): Context {
  return new WithoutCancelCtx(parent);
}

/** `context.WithValue(parent, key, val)` */
export function withValue(parent: Context, key: unknown, val: unknown): Context {
  if (key === null || key === undefined) throw new PanicError('nil key');
  return new ValueCtx(parent, key, val);
}
