// select: Go's selectgo over channel cases.
//
// The protocol a channel implements to take part (Chan here; the shared cross-thread channels of
// ../parallel/ may implement it too). A `Waiter` (sched/sched.ts) carries one case: `value` is the
// value to send or the value received, `ok` whether a receive got a real value.
//
//   interface Selectable {
//     canSend(): boolean;          // a send could complete now (true on a closed channel: it panics)
//     canRecv(): boolean;          // a receive could complete now (true on a closed channel)
//     selectSend(w): boolean;      // complete the send of w.value now if possible; PanicError if closed
//     selectRecv(w): boolean;      // complete a receive now if possible, into w.value / w.ok
//     parkSend(w): void;           // queue w until a receiver comes
//     parkRecv(w): void;           // queue w until a sender comes (or the channel closes)
//     unpark(w): void;             // remove w from whichever queue holds it (no-op if none)
//   }
//
// The commit rule, which makes exactly one case win: a channel that takes a queued waiter `w` with
// `w.sel !== null` calls `w.sel.commit(w)` BEFORE delivering anything to it, synchronously; commit
// unlinks the select's other waiters from their channels (through `unpark`), so no other channel can
// see them afterwards; then the channel fills `w.value` / `w.ok` (or `w.failed`/`w.panic`) and calls
// `ready(w)`. All of this happens on the select's own thread: a cross-thread channel must deliver to
// a select through a local step on that thread and must not consume a value for a waiter whose select
// already committed (`sel.done`).
//
// Choice: the ready cases are counted, then one is picked uniformly at random (one Math.random call,
// no permutation); `null` channels are never ready and never parked on.
import type { RecvChan, SendChan } from './chan.js';
import { PanicError } from './panic.js';
import type { WaitReason } from './sched/record.js';
import { park, preempt, RESOLVE_SELECT, Waiter, type WaiterOwner, yieldWith } from './sched/sched.js';

export interface Selectable {
  canSend(): boolean;
  canRecv(): boolean;
  selectSend(w: Waiter): boolean;
  selectRecv(w: Waiter): boolean;
  parkSend(w: Waiter): void;
  parkRecv(w: Waiter): void;
  unpark(w: Waiter): void;
}

const RECV = 0;
const SEND = 1;
const DEFAULT = 2;

/** `v` is `undefined` and `ok` false once the channel is closed and drained. */
type RecvCallback<T, R> = (value: T | undefined, ok: boolean) => R;

/** One case of a select: build it with `recv`, `send` or `otherwise`. */
export class SelectCase<R> {
  /** Phantom: the case callback's result type. */
  declare readonly _result?: R;
  constructor(
    readonly kind: number,
    readonly ch: Selectable | null,
    readonly value: unknown,
    readonly fn: ((...args: any[]) => R) | undefined,
  ) {}
}

/** `case v, ok := <-ch:` — a `null` channel never fires. */
export function recv<T, R = void>(ch: RecvChan<T> | null, fn?: RecvCallback<T, R>): SelectCase<R> {
  return new SelectCase<R>(RECV, ch as unknown as Selectable | null, undefined, fn as any);
}

/** `case ch <- v:` — a `null` channel never fires. */
export function send<T, R = void>(ch: SendChan<T> | null, value: T, fn?: () => R): SelectCase<R> {
  return new SelectCase<R>(SEND, ch as unknown as Selectable | null, value, fn);
}

/** `default:` — makes the select non-blocking. */
export function otherwise<R = void>(fn?: () => R): SelectCase<R> {
  return new SelectCase<R>(DEFAULT, null, undefined, fn);
}

type CaseResult<C> = C extends SelectCase<infer R> ? R : never;

// Holds an immediately committed case's result, so the fast path allocates no waiter.
const scratch = new Waiter();

function isReady(c: SelectCase<unknown>): boolean {
  const ch = c.ch;
  if (ch === null || c.kind === DEFAULT) return false;
  return c.kind === RECV ? ch.canRecv() : ch.canSend();
}

function runCase(c: SelectCase<unknown>, value: unknown, ok: boolean): unknown {
  const fn = c.fn;
  if (fn === undefined) return undefined;
  return c.kind === RECV ? fn(value, ok) : fn();
}

/**
 * `select { … }`: waits until one case can proceed, commits exactly that one, and resolves with its
 * callback's result. With `otherwise(…)` it never blocks; with no cases it blocks forever.
 */
export function select<C extends SelectCase<unknown>[]>(
  ...cases: C
): Promise<Awaited<CaseResult<C[number]>>> {
  let dflt: SelectCase<unknown> | null = null;
  for (let i = 0; i < cases.length; i++) {
    if (cases[i]!.kind !== DEFAULT) continue;
    if (dflt !== null) throw new PanicError('select: multiple defaults');
    dflt = cases[i]!;
  }
  // A channel shared with other threads can say it is ready and then lose the value (or the buffer
  // slot) to another thread before this thread takes it: then scan again. A local channel never does.
  for (;;) {
    let readyCount = 0;
    for (let i = 0; i < cases.length; i++) if (isReady(cases[i]!)) readyCount++;
    if (readyCount === 0) break;
    let k = readyCount === 1 ? 0 : Math.floor(Math.random() * readyCount);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      if (!isReady(c) || k-- !== 0) continue;
      const ch = c.ch!;
      let value: unknown;
      let ok = false;
      let took: boolean;
      if (c.kind === RECV) {
        took = ch.selectRecv(scratch);
        value = scratch.value;
        ok = scratch.ok;
        scratch.value = undefined;
      } else {
        scratch.value = c.value;
        took = ch.selectSend(scratch);
        scratch.value = undefined;
      }
      if (took) return settle(c, value, ok);
      break;
    }
  }
  if (dflt !== null) return settle(dflt, undefined, false);
  return new SelectOp(cases).park() as Promise<any>;
}

function settle(c: SelectCase<unknown>, value: unknown, ok: boolean): Promise<any> {
  let result: unknown;
  try {
    result = runCase(c, value, ok);
  } catch (err) {
    return Promise.reject(err);
  }
  if (preempt()) return yieldWith(result);
  // Case callbacks usually return nothing: one shared settled promise then, no allocation.
  return result === undefined ? RESOLVED : Promise.resolve(result);
}

const RESOLVED: Promise<undefined> = Promise.resolve(undefined);

/** A parked select: one waiter per non-null channel case, all resolving the same promise. */
class SelectOp implements WaiterOwner {
  done = false;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly cases: SelectCase<unknown>[]) {}

  park(): Promise<unknown> {
    const cases = this.cases;
    const lead = new Waiter();
    lead.mode = RESOLVE_SELECT;
    lead.sel = this;
    lead.index = -1;
    // Go compiles a one-case select to the plain operation, so a lone nil channel parks as one.
    const only = cases.length === 1 ? cases[0]! : null;
    const reason: WaitReason =
      cases.length === 0
        ? 'select (no cases)'
        : only !== null && only.ch === null && only.kind !== DEFAULT
          ? only.kind === RECV
            ? 'chan receive (nil chan)'
            : 'chan send (nil chan)'
          : 'select';
    const p = park<unknown>(lead, reason, this, this);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      if (c.ch === null || c.kind === DEFAULT) continue;
      const w = new Waiter();
      w.mode = RESOLVE_SELECT;
      w.sel = this;
      w.index = i;
      w.g = lead.g;
      w.resolve = lead.resolve;
      w.reject = lead.reject;
      if (c.kind === SEND) {
        w.value = c.value;
        c.ch.parkSend(w);
      } else {
        c.ch.parkRecv(w);
      }
      this.waiters.push(w);
    }
    return p;
  }

  commit(w: Waiter): void {
    this.done = true;
    for (const other of this.waiters) if (other !== w) this.cases[other.index]!.ch!.unpark(other);
  }

  resume(w: Waiter): void {
    let result: unknown;
    try {
      result = runCase(this.cases[w.index]!, w.value, w.ok);
    } catch (err) {
      w.reject(err);
      return;
    }
    w.resolve(result);
  }

  /** The channels this select waits on (for the inspector). */
  channels(): Selectable[] {
    return this.waiters.map((w) => this.cases[w.index]!.ch!);
  }
}
