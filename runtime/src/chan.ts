// Channels: Go's hchan. A ring buffer of `capacity` values and two FIFO queues of parked waiters.
//
// Invariants (as in Go's runtime/chan.go):
// - sendq and recvq are never both non-empty.
// - recvq is non-empty only while the buffer is empty; sendq only while it is full.
// - Once closed, sendq is empty; recvq empties at close and stays empty.
// - A waiter in a queue is live: a select that commits elsewhere unlinks its other waiters at once.
// Order of an operation, like Go: hand off to a waiting partner, else use the buffer, else park.
import { describe, hooks, type ObjectDescription } from './inspect/hooks.js';
import { PanicError } from './panic.js';
import type { Selectable } from './select.js';
import {
  park,
  preempt,
  ready,
  readyLater,
  RESOLVE_ITER,
  RESOLVE_OK,
  type Waiter,
  waiter,
  WaitQueue,
  yieldWith,
} from './sched/sched.js';

/** `<-chan T`: the receiving view of a channel. */
export interface RecvChan<T> extends AsyncIterable<T> {
  /** `<-ch`: the next value, or `undefined` once the channel is closed and drained. */
  recv(): Promise<T | undefined>;
  /** `v, ok := <-ch`: ok is false once the channel is closed and drained. */
  recvOk(): Promise<[T, true] | [undefined, false]>;
  /** `len(ch)` */
  readonly length: number;
  /** `cap(ch)` */
  readonly capacity: number;
}

/** `chan<- T`: the sending view of a channel. */
export interface SendChan<T> {
  /** `ch <- v`: resolves once the value is buffered or taken by a receiver. */
  send(value: T): Promise<void>;
  /** `close(ch)` */
  close(): void;
  readonly length: number;
  readonly capacity: number;
}

const RESOLVED: Promise<void> = Promise.resolve();

// Results of the last tryRecv, so the fast path allocates nothing.
let rv: any;
let rok = false;

export class Chan<T> implements RecvChan<T>, SendChan<T>, Selectable {
  private readonly buf: (T | undefined)[];
  private head = 0;
  private count = 0;
  private readonly cap: number;
  private closed = false;
  readonly recvq = new WaitQueue();
  readonly sendq = new WaitQueue();

  constructor(capacity = 0) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new PanicError('makechan: size out of range');
    this.cap = capacity;
    this.buf = capacity === 0 ? [] : new Array<T | undefined>(capacity);
    if (hooks.objectCreated !== null) hooks.objectCreated(this);
  }

  get length(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Whether the channel has been closed (not in Go: for tests and the inspector). */
  get isClosed(): boolean {
    return this.closed;
  }

  send(value: T): Promise<void> {
    if (this.trySend(value)) return preempt() ? yieldWith(undefined) : RESOLVED;
    const w = waiter();
    w.value = value;
    this.sendq.push(w);
    return park(w, 'chan send', this);
  }

  recv(): Promise<T | undefined> {
    if (this.tryRecv()) {
      const v = rv;
      rv = undefined;
      return preempt() ? yieldWith(v) : Promise.resolve(v);
    }
    const w = waiter();
    this.recvq.push(w);
    return park(w, 'chan receive', this);
  }

  recvOk(): Promise<[T, true] | [undefined, false]> {
    if (this.tryRecv()) {
      const r = [rv, rok] as [T, true] | [undefined, false];
      rv = undefined;
      return preempt() ? yieldWith(r) : Promise.resolve(r);
    }
    const w = waiter();
    w.mode = RESOLVE_OK;
    this.recvq.push(w);
    return park(w, 'chan receive', this);
  }

  close(): void {
    if (this.closed) throw new PanicError('close of closed channel');
    this.closed = true;
    // Go releases every receiver, then every sender (whose send panics).
    for (let r = this.recvq.shift(); r !== null; r = this.recvq.shift()) {
      if (r.sel !== null) r.sel.commit(r);
      r.value = undefined;
      r.ok = false;
      ready(r);
    }
    for (let s = this.sendq.shift(); s !== null; s = this.sendq.shift()) {
      if (s.sel !== null) s.sel.commit(s);
      s.value = undefined;
      s.failed = true;
      s.panic = new PanicError('send on closed channel');
      ready(s);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: (): Promise<IteratorResult<T>> => {
        // The common case of a busy buffered channel, without the general path's bookkeeping.
        if (this.count > 0 && this.sendq.head === null) {
          const v = this.buf[this.head] as T;
          this.buf[this.head] = undefined;
          if (++this.head === this.cap) this.head = 0;
          this.count--;
          const r = { value: v, done: false };
          return preempt() ? yieldWith(r) : Promise.resolve(r);
        }
        if (this.tryRecv()) {
          const r = { value: rv, done: !rok };
          rv = undefined;
          return preempt() ? yieldWith(r) : Promise.resolve(r);
        }
        const w = waiter();
        w.mode = RESOLVE_ITER;
        this.recvq.push(w);
        return park(w, 'chan receive', this);
      },
      // Leaving a for-await loop early leaves the channel as it is, like `break` out of a Go range loop.
      return: (): Promise<IteratorResult<T>> => Promise.resolve({ value: undefined, done: true }),
    };
  }

  /** Drops buffered values; true if there were any. For time.ts: Go 1.23 timers leave no stale value. */
  discardBuffered(): boolean {
    const had = this.count > 0;
    for (let i = 0; i < this.count; i++) this.buf[(this.head + i) % this.cap] = undefined;
    this.head = 0;
    this.count = 0;
    return had;
  }

  // ---- Selectable (see select.ts) ----

  /** Completes a send now if it can. Throws on a closed channel. */
  trySend(value: T): boolean {
    if (this.closed) throw new PanicError('send on closed channel');
    if (this.recvq.head !== null) {
      const r = this.recvq.shift()!;
      if (r.sel !== null) r.sel.commit(r);
      r.value = value;
      r.ok = true;
      if (this.cap === 0) ready(r);
      else readyLater(r);
      return true;
    }
    if (this.count < this.cap) {
      let tail = this.head + this.count;
      if (tail >= this.cap) tail -= this.cap;
      this.buf[tail] = value;
      this.count++;
      return true;
    }
    return false;
  }

  /** Completes a receive now if it can; the result is left in `rv`/`rok`. */
  tryRecv(): boolean {
    if (this.closed && this.count === 0) {
      rv = undefined;
      rok = false;
      return true;
    }
    if (this.sendq.head !== null) {
      const s = this.sendq.shift()!;
      if (s.sel !== null) s.sel.commit(s);
      if (this.cap === 0) {
        rv = s.value;
      } else {
        // The buffer is full: take its head and put the sender's value at its tail, the same slot.
        rv = this.buf[this.head];
        this.buf[this.head] = s.value;
        if (++this.head === this.cap) this.head = 0;
      }
      s.value = undefined;
      rok = true;
      if (this.cap === 0) ready(s);
      else readyLater(s);
      return true;
    }
    if (this.count > 0) {
      rv = this.buf[this.head];
      this.buf[this.head] = undefined;
      if (++this.head === this.cap) this.head = 0;
      this.count--;
      rok = true;
      return true;
    }
    return false;
  }

  selectSend(w: Waiter): boolean {
    return this.trySend(w.value);
  }

  selectRecv(w: Waiter): boolean {
    if (!this.tryRecv()) return false;
    w.value = rv;
    w.ok = rok;
    rv = undefined;
    return true;
  }

  canSend(): boolean {
    return this.closed || this.recvq.size > 0 || this.count < this.cap;
  }

  canRecv(): boolean {
    return this.count > 0 || this.closed || this.sendq.size > 0;
  }

  parkSend(w: Waiter): void {
    this.sendq.push(w);
  }

  parkRecv(w: Waiter): void {
    this.recvq.push(w);
  }

  unpark(w: Waiter): void {
    if (w.queue === this.sendq) this.sendq.remove(w);
    else if (w.queue === this.recvq) this.recvq.remove(w);
  }

  [describe](): ObjectDescription {
    return {
      kind: 'chan',
      closed: this.closed,
      sendWaiters: this.sendq.goroutines(),
      recvWaiters: this.recvq.goroutines(),
    };
  }
}

/** `make(chan T, n)` */
export function chan<T>(capacity = 0): Chan<T> {
  return new Chan<T>(capacity);
}
