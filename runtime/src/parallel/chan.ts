// A channel in shared memory, usable from every thread with Go's channel semantics. `shared.chan()`
// makes this one for an unbuffered channel (a rendezvous); a buffered one is the lock-free ring of
// ring.ts, a subclass that shares the header words CAP, SLOTS and ID and marks its layout with
// RING_MARK. This class still holds a buffer when constructed with a capacity directly.
//
// Layout (one growable SharedArrayBuffer): a header of int32 words, then `slots` tags (int32) and
// values (float64), then a byte ring for the values that are not a number (strings, typed arrays,
// serialized objects), in FIFO order like the slots. Every header change happens under the spin lock
// LOCK, which is never held across an await.
//
// Invariants (under LOCK):
// - 0 <= COUNT <= SLOTS; the values are the COUNT slots from HEAD on, and B_USED bytes from B_HEAD
//   are exactly their bytes, in order.
// - Unbuffered (CAP 0) uses one slot: a sender deposits its value there and its send completes when
//   TAKEN passes the deposit's number (a receiver took it); close withdraws a value nobody took, so
//   that sender panics as Go's blocked senders do.
// - Waiting senders (receivers) hold tickets SQ_HEAD..SQ_TAIL (RQ_…): only the oldest may proceed,
//   and nobody jumps ahead of a waiting party, so waiters are served first-come first-served.
// - A party parks only after registering in S_PARKED / R_PARKED (and arming S_ARMED / R_ARMED) and
//   reading the wake word under the
//   lock; whoever makes progress possible bumps the wake word under the lock, so no wake is lost.
import { spinLock, spinUnlock, parkUntilChanged, growableBuffer, growBuffer, wakeAll } from './wait.js';
import { encode, decode, readScratch, T_STR, T_TYPED, type Encoded } from './codec.js';
import { DESCRIPTOR, SharedObject, nextObjectId, type Descriptor } from './shared.js';
import { PanicError } from '../panic.js';
import { preempt, yieldWith, ready, type Waiter } from '../sched/sched.js';
import type { Selectable } from '../select.js';
import { parked, readied } from './records.js';

const LOCK = 0;
const CLOSED = 1;
const CAP = 2;
const SLOTS = 3;
const COUNT = 4;
const HEAD = 5;
const SENT = 6;
const TAKEN = 7;
const SQ_HEAD = 8;
const SQ_TAIL = 9;
const RQ_HEAD = 10;
const RQ_TAIL = 11;
const SEND_WAKE = 12;
const RECV_WAKE = 13;
const B_HEAD = 14;
const B_USED = 15;
const B_SIZE = 16;
const S_PARKED = 17;
const R_PARKED = 18;
/** Receivers waiting right now (ticket holders and selects): what makes an unbuffered send ready. */
const R_WAITING = 19;
const ID = 20;
/**
 * Set by a party that parks or watches (on that side), cleared by the bump of the wake word that
 * wakes it: a bump wakes every party parked on the old value, so until one parks again, further
 * progress needs no bump nor notify (a consumer draining a full buffer would otherwise notify the
 * parked producer on every value until it runs).
 */
const S_ARMED = 21;
const R_ARMED = 22;
/** 1 in the layout of a buffered channel's lock-free ring (ring.ts), which shares CAP, SLOTS and ID. */
export const RING_MARK = 23;
const HEADER_WORDS = 24;

const MAX_BYTES = 256 * 1024 * 1024;
const SPIN_MAX = 4096;
const SPIN_MIN = 64;

export interface SharedChanOptions {
  /** Initial size of the byte area for non-number values; it grows as needed. */
  bytes?: number;
  /**
   * Bytes per slot of a buffered channel for a non-number value written straight into its slot
   * (larger values go to the byte area); default 112 up to 4096 slots, 48 up to 65536, else 0.
   */
  inline?: number;
}

export type RecvResult<T> = [T, true] | [undefined, false];
const NOT_READY: unique symbol = Symbol('not ready');
export type Polled<T> = RecvResult<T> | typeof NOT_READY;
export { NOT_READY };

interface Watcher {
  readonly side: 'recv' | 'send';
  cancelled: boolean;
  /** Registered with watch() right now. */
  watching: boolean;
}

const scratch: Encoded = { tag: 0, num: 0, bytes: null };
const RESOLVED: Promise<void> = Promise.resolve();

export class SharedChan<T> extends SharedObject implements AsyncIterable<T>, Selectable {
  private readonly sab: SharedArrayBuffer;
  private readonly h: Int32Array;
  private readonly tags!: Int32Array;
  private readonly vals!: Float64Array;
  private readonly ring!: Uint8Array;

  /** Use `shared.chan<T>(n)`. */
  constructor(capacity: number | SharedArrayBuffer = 0, opts: SharedChanOptions = {}) {
    let sab: SharedArrayBuffer;
    if (typeof capacity === 'number') {
      if (!Number.isInteger(capacity) || capacity < 0) throw new PanicError('makechan: size out of range');
      const slots = Math.max(capacity, 1);
      const bytes = Math.max(opts.bytes ?? Math.min(64 * slots, 1 << 20), 256);
      const fixed = layout(slots);
      sab = growableBuffer(fixed + bytes, fixed + MAX_BYTES);
      const h = new Int32Array(sab, 0, HEADER_WORDS);
      h[CAP] = capacity;
      h[SLOTS] = slots;
      h[B_SIZE] = bytes;
      h[ID] = nextObjectId();
    } else sab = capacity;
    const h = new Int32Array(sab, 0, HEADER_WORDS);
    super(h[ID]!);
    this.sab = sab;
    this.h = h;
    // A buffered channel's ring (ring.ts) has views of its own.
    if (h[RING_MARK] === 1) return;
    const slots = h[SLOTS]!;
    this.tags = new Int32Array(sab, HEADER_WORDS * 4, slots);
    this.vals = new Float64Array(sab, valsOffset(slots), slots);
    this.ring = new Uint8Array(sab, layout(slots));
  }

  descriptor(): Descriptor {
    return { [DESCRIPTOR]: 'chan', id: this.sharedId, buffers: [this.sab] };
  }

  describe(): string {
    return `shared chan (cap ${this.capacity}) #${this.sharedId}`;
  }

  get capacity(): number {
    return this.h[CAP]!;
  }

  /** Values buffered (always 0 for an unbuffered channel, as in Go). */
  get length(): number {
    return this.h[CAP] === 0 ? 0 : Atomics.load(this.h, COUNT);
  }

  /**
   * `ch <- v`. Resolves at once (no await needed) when a buffer slot is free and no sender waits;
   * on an unbuffered channel, once a receiver has taken the value.
   */
  send(v: T): Promise<void> {
    const e = this.lockToSend(v);
    const h = this.h;
    if (h[SQ_HEAD] === h[SQ_TAIL] && h[COUNT]! < h[SLOTS]!) {
      return this.depositNow(e) ?? (preempt() ? yieldWith(undefined) : RESOLVED);
    }
    const ticket = h[SQ_TAIL]!;
    h[SQ_TAIL] = (ticket + 1) | 0;
    spinUnlock(h, LOCK);
    // The encoder's bytes live in a scratch buffer that the next send on this thread reuses.
    const own: Encoded = { tag: e.tag, num: e.num, bytes: e.bytes === null ? null : e.bytes.slice() };
    return this.sendSlow(own, ticket);
  }

  private async sendSlow(e: Encoded, ticket: number): Promise<void> {
    const h = this.h;
    const g = parked('chan send', this);
    try {
      for (;;) {
        spinLock(h, LOCK);
        if (h[CLOSED]) {
          spinUnlock(h, LOCK);
          throw new PanicError('send on closed channel');
        }
        if (h[SQ_HEAD] === ticket && h[COUNT]! < h[SLOTS]!) {
          h[SQ_HEAD] = (ticket + 1) | 0;
          const seq = this.deposit(e);
          // The next sender in line may be able to go now too.
          const wake = this.disarm(S_ARMED, SEND_WAKE);
          const wakeR = this.depositWoke;
          spinUnlock(h, LOCK);
          if (wake) wakeAll(h, SEND_WAKE);
          if (wakeR) wakeAll(h, RECV_WAKE);
          if (h[CAP] === 0) await this.awaitTaken(seq);
          return;
        }
        if (this.spinWait()) continue;
        await this.park(SEND_WAKE, S_PARKED);
      }
    } finally {
      readied(g);
    }
  }

  /** Encode `v` (refusing what cannot cross threads) and take LOCK; panics on a closed channel. */
  private lockToSend(v: T): Encoded {
    const e = encode(v, scratch, 'send');
    const h = this.h;
    spinLock(h, LOCK);
    if (h[CLOSED]) {
      spinUnlock(h, LOCK);
      throw new PanicError('send on closed channel');
    }
    return e;
  }

  /**
   * With LOCK held and room for it: append the value, unlock, wake receivers. Returns, on an
   * unbuffered channel, the wait for a receiver to take it; otherwise undefined (the send is done).
   */
  private depositNow(e: Encoded): Promise<void> | undefined {
    const h = this.h;
    const seq = this.deposit(e);
    const wakeR = this.depositWoke;
    spinUnlock(h, LOCK);
    if (wakeR) wakeAll(h, RECV_WAKE);
    return h[CAP] === 0 ? this.awaitTaken(seq) : undefined;
  }

  /** Under LOCK: append a value; returns its deposit number. */
  private deposit(e: Encoded): number {
    const h = this.h;
    const i = (h[HEAD]! + h[COUNT]!) % h[SLOTS]!;
    this.tags[i] = e.tag;
    this.vals[i] = e.num;
    if (e.bytes !== null) this.writeBytes(e.bytes);
    h[COUNT] = h[COUNT]! + 1;
    const seq = (h[SENT]! + 1) | 0;
    h[SENT] = seq;
    this.depositWoke = this.disarm(R_ARMED, RECV_WAKE);
    return seq;
  }

  /** Whether the last deposit bumped the receivers' wake word (they must be notified). */
  private depositWoke = false;

  /** Under LOCK: bump the wake word at `wakeAt` if a party armed it since the last bump. */
  private disarm(armedAt: number, wakeAt: number): boolean {
    const h = this.h;
    if (h[armedAt] === 0) return false;
    h[armedAt] = 0;
    h[wakeAt] = (h[wakeAt]! + 1) | 0;
    return true;
  }

  private async awaitTaken(seq: number): Promise<void> {
    const h = this.h;
    for (;;) {
      spinLock(h, LOCK);
      if (((h[TAKEN]! - seq) | 0) >= 0) {
        spinUnlock(h, LOCK);
        return;
      }
      if (h[CLOSED]) {
        spinUnlock(h, LOCK);
        throw new PanicError('send on closed channel');
      }
      if (this.spinWait()) continue;
      await this.park(SEND_WAKE, S_PARKED);
    }
  }

  // Spinning before parking. A wake-up through Atomics.waitAsync costs a task on the woken thread
  // (microseconds); a partner running on another core usually makes progress sooner than that, so
  // a waiter first watches the channel for a bounded time. The budget adapts per channel and thread:
  // it shrinks when spinning does not pay (a partner on the same thread cannot progress meanwhile).
  private spinIters = SPIN_MAX;
  private spinTurn = 0;

  /**
   * Called with LOCK held. True if the channel changed (LOCK released: check again); false if the
   * caller should park (LOCK held, and nothing changed since the caller checked).
   */
  private spinWait(): boolean {
    const h = this.h;
    let iters = this.spinIters;
    if (iters < SPIN_MIN && (++this.spinTurn & 63) === 0) iters = SPIN_MIN;
    if (iters < SPIN_MIN) return false;
    const sent = h[SENT]!;
    const taken = h[TAKEN]!;
    const rq = h[RQ_HEAD]!;
    const sq = h[SQ_HEAD]!;
    spinUnlock(h, LOCK);
    for (let i = 0; i < iters; i++) {
      if (
        Atomics.load(h, SENT) !== sent ||
        Atomics.load(h, TAKEN) !== taken ||
        Atomics.load(h, CLOSED) !== 0 ||
        Atomics.load(h, RQ_HEAD) !== rq ||
        Atomics.load(h, SQ_HEAD) !== sq
      ) {
        this.spinIters = Math.min(SPIN_MAX, this.spinIters * 2 + SPIN_MIN);
        return true;
      }
    }
    this.spinIters = iters >> 1;
    spinLock(h, LOCK);
    // A change between the last look and the lock must not be slept through: nobody would wake us
    // for it, as we were not registered as parked yet.
    if (h[SENT] !== sent || h[TAKEN] !== taken || h[CLOSED] !== 0 || h[RQ_HEAD] !== rq || h[SQ_HEAD] !== sq) {
      spinUnlock(h, LOCK);
      return true;
    }
    return false;
  }

  /** Called with LOCK held: register, read the wake word, unlock, wait, unregister. */
  private async park(wakeAt: number, parkedAt: number): Promise<void> {
    const h = this.h;
    h[parkedAt] = h[parkedAt]! + 1;
    h[wakeAt === SEND_WAKE ? S_ARMED : R_ARMED] = 1;
    const seen = h[wakeAt]!;
    spinUnlock(h, LOCK);
    await parkUntilChanged(h, wakeAt, seen);
    spinLock(h, LOCK);
    h[parkedAt] = h[parkedAt]! - 1;
    spinUnlock(h, LOCK);
  }

  /** `v := <-ch`: the value, or undefined once closed and drained. */
  recv(): Promise<T | undefined> {
    const r = this.recvNow();
    if (Array.isArray(r)) return preempt() ? yieldWith(r[0]) : Promise.resolve(r[0]);
    return r.then((x) => x[0]);
  }

  /** `v, ok := <-ch`. */
  recvOk(): Promise<RecvResult<T>> {
    const r = this.recvNow();
    if (Array.isArray(r)) return preempt() ? yieldWith(r) : Promise.resolve(r);
    return r;
  }

  /** A receive that returns its result directly when it completes without waiting. */
  protected recvNow(): RecvResult<T> | Promise<RecvResult<T>> {
    const h = this.h;
    spinLock(h, LOCK);
    if (h[RQ_HEAD] === h[RQ_TAIL]) {
      if (h[COUNT]! > 0) return this.take();
      if (h[CLOSED]) {
        spinUnlock(h, LOCK);
        return [undefined, false];
      }
    }
    const ticket = h[RQ_TAIL]!;
    h[RQ_TAIL] = (ticket + 1) | 0;
    h[R_WAITING] = h[R_WAITING]! + 1;
    const wakeS = this.disarm(S_ARMED, SEND_WAKE);
    spinUnlock(h, LOCK);
    if (wakeS) wakeAll(h, SEND_WAKE);
    return this.recvSlow(ticket);
  }

  private async recvSlow(ticket: number): Promise<RecvResult<T>> {
    const h = this.h;
    const g = parked('chan receive', this);
    try {
      for (;;) {
        spinLock(h, LOCK);
        if (h[RQ_HEAD] === ticket && h[COUNT]! > 0) {
          h[RQ_HEAD] = (ticket + 1) | 0;
          h[R_WAITING] = h[R_WAITING]! - 1;
          if (this.disarm(R_ARMED, RECV_WAKE)) wakeAll(h, RECV_WAKE);
          return this.take();
        }
        if (h[CLOSED] && h[COUNT] === 0) {
          h[R_WAITING] = h[R_WAITING]! - 1;
          spinUnlock(h, LOCK);
          return [undefined, false];
        }
        if (this.spinWait()) continue;
        await this.park(RECV_WAKE, R_PARKED);
      }
    } finally {
      readied(g);
    }
  }

  /** With LOCK held and COUNT > 0: remove the oldest value, unlock, and return it. */
  private take(): [T, true] {
    const h = this.h;
    const i = h[HEAD]!;
    const tag = this.tags[i]!;
    const num = this.vals[i]!;
    // Typed arrays keep their bytes; other values are decoded from a scratch copy.
    const bytes = tag >= T_STR ? this.readBytes(num, tag < T_TYPED ? readScratch(num) : undefined) : null;
    h[HEAD] = (i + 1) % h[SLOTS]!;
    h[COUNT] = h[COUNT]! - 1;
    h[TAKEN] = (h[TAKEN]! + 1) | 0;
    const wake = this.disarm(S_ARMED, SEND_WAKE);
    spinUnlock(h, LOCK);
    if (wake) wakeAll(h, SEND_WAKE);
    return [decode(tag, num, bytes) as T, true];
  }

  /** `close(ch)`. */
  close(): void {
    const h = this.h;
    spinLock(h, LOCK);
    if (h[CLOSED]) {
      spinUnlock(h, LOCK);
      throw new PanicError('close of closed channel');
    }
    h[CLOSED] = 1;
    if (h[CAP] === 0 && h[COUNT] === 1) {
      // The deposited value was never received: its sender panics, nobody receives it.
      h[COUNT] = 0;
      h[B_HEAD] = 0;
      h[B_USED] = 0;
    }
    h[SEND_WAKE] = (h[SEND_WAKE]! + 1) | 0;
    h[RECV_WAKE] = (h[RECV_WAKE]! + 1) | 0;
    h[S_ARMED] = 0;
    h[R_ARMED] = 0;
    spinUnlock(h, LOCK);
    wakeAll(h, SEND_WAKE);
    wakeAll(h, RECV_WAKE);
  }

  /** Non-blocking receive for select: a result if a value is ready (or the channel is closed). */
  pollRecv(): Polled<T> {
    const h = this.h;
    spinLock(h, LOCK);
    if (h[RQ_HEAD] === h[RQ_TAIL] && h[COUNT]! > 0) return this.take();
    if (h[CLOSED] && h[COUNT] === 0) {
      spinUnlock(h, LOCK);
      return [undefined, false];
    }
    spinUnlock(h, LOCK);
    return NOT_READY;
  }

  /**
   * Non-blocking send for select: true if sent. On an unbuffered channel a send is ready only
   * while a receiver waits; the promise it returns settles when that receiver has the value.
   */
  pollSend(v: T): false | Promise<void> | true {
    const e = this.lockToSend(v);
    const h = this.h;
    const ready = h[SQ_HEAD] === h[SQ_TAIL] && h[COUNT]! < h[SLOTS]! && (h[CAP]! > 0 || h[R_WAITING]! > 0);
    if (!ready) {
      spinUnlock(h, LOCK);
      return false;
    }
    return this.depositNow(e) ?? true;
  }

  /**
   * For select: resolves when something may have changed for a receiver (`recv`) or a sender.
   * A waiting select counts as a waiting receiver, so that an unbuffered send to it is ready.
   */
  changed(side: 'recv' | 'send', seen: number): Promise<unknown> {
    return parkUntilChanged(this.h, side === 'recv' ? RECV_WAKE : SEND_WAKE, seen, false);
  }

  /** Read the wake word for `side` and register as parked there (undo with `unwatch`). */
  watch(side: 'recv' | 'send'): number {
    const h = this.h;
    spinLock(h, LOCK);
    if (side === 'recv') {
      h[R_PARKED] = h[R_PARKED]! + 1;
      h[R_WAITING] = h[R_WAITING]! + 1;
      h[R_ARMED] = 1;
    } else {
      h[S_PARKED] = h[S_PARKED]! + 1;
      h[S_ARMED] = 1;
    }
    const seen = h[side === 'recv' ? RECV_WAKE : SEND_WAKE]!;
    const wakeS = side === 'recv' && this.disarm(S_ARMED, SEND_WAKE);
    spinUnlock(h, LOCK);
    if (wakeS) wakeAll(h, SEND_WAKE);
    return seen;
  }

  unwatch(side: 'recv' | 'send'): void {
    const h = this.h;
    spinLock(h, LOCK);
    if (side === 'recv') {
      h[R_PARKED] = h[R_PARKED]! - 1;
      h[R_WAITING] = h[R_WAITING]! - 1;
    } else h[S_PARKED] = h[S_PARKED]! - 1;
    spinUnlock(h, LOCK);
  }

  // Taking part in the scheduler's select (select.ts): the ready checks and immediate commits run
  // on the select's thread; a parked case is a watcher on this thread that, when the channel
  // changes, tries its operation and commits the select before delivering.

  canRecv(): boolean {
    const h = this.h;
    return (
      (Atomics.load(h, COUNT) > 0 && h[RQ_HEAD] === h[RQ_TAIL]) ||
      (Atomics.load(h, CLOSED) === 1 && h[COUNT] === 0)
    );
  }

  canSend(): boolean {
    const h = this.h;
    if (Atomics.load(h, CLOSED) === 1) return true;
    return (
      h[SQ_HEAD] === h[SQ_TAIL] && Atomics.load(h, COUNT) < h[SLOTS]! && (h[CAP]! > 0 || h[R_WAITING]! > 0)
    );
  }

  selectRecv(w: Waiter): boolean {
    const r = this.pollRecv();
    if (r === NOT_READY) return false;
    w.value = r[0];
    w.ok = r[1];
    return true;
  }

  selectSend(w: Waiter): boolean {
    const r = this.pollSend(w.value as T);
    // An unbuffered send is taken by the receiver that made it ready; a later close cannot undo it.
    if (r instanceof Promise) r.catch(() => {});
    return r !== false;
  }

  private readonly watchers = new Map<Waiter, Watcher>();

  parkRecv(w: Waiter): void {
    this.startWatcher(w, 'recv');
  }

  parkSend(w: Waiter): void {
    this.startWatcher(w, 'send');
  }

  unpark(w: Waiter): void {
    const token = this.watchers.get(w);
    if (token === undefined) return;
    this.watchers.delete(w);
    token.cancelled = true;
    // Stop counting as a waiting party now: an unbuffered sender must not think this case receives.
    if (token.watching) {
      token.watching = false;
      this.unwatch(token.side);
    }
  }

  private startWatcher(w: Waiter, side: 'recv' | 'send'): void {
    const token: Watcher = { side, cancelled: false, watching: false };
    this.watchers.set(w, token);
    void this.watchCase(w, token);
  }

  private async watchCase(w: Waiter, token: Watcher): Promise<void> {
    const side = token.side;
    const sel = w.sel as { done?: boolean } | null;
    for (;;) {
      if (token.cancelled || sel?.done) return;
      const seen = this.watch(side);
      token.watching = true;
      let sent: boolean | Promise<void> = false;
      let got: Polled<T> = NOT_READY;
      let failure: unknown = undefined;
      let failed = false;
      try {
        if (side === 'recv') got = this.pollRecv();
        else sent = this.pollSend(w.value as T);
      } catch (e) {
        failed = true;
        failure = e;
      }
      if (failed || got !== NOT_READY || sent !== false) {
        token.watching = false;
        this.unwatch(side);
        this.watchers.delete(w);
        w.sel?.commit(w);
        if (got !== NOT_READY) {
          w.value = got[0];
          w.ok = got[1];
        } else if (sent instanceof Promise) {
          try {
            await sent;
          } catch (e) {
            failed = true;
            failure = e;
          }
        }
        if (failed) {
          w.failed = true;
          w.panic = failure;
        }
        ready(w);
        return;
      }
      await this.changed(side, seen);
      if (!token.watching) return;
      token.watching = false;
      this.unwatch(side);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    // A plain iterator object: an async generator would add promise turns to every value.
    return {
      next: (): Promise<IteratorResult<T>> => {
        const r = this.recvNow();
        if (Array.isArray(r)) {
          const res: IteratorResult<T> = r[1]
            ? { value: r[0], done: false }
            : { value: undefined, done: true };
          return preempt() ? yieldWith(res) : Promise.resolve(res);
        }
        return r.then((x) => (x[1] ? { value: x[0], done: false } : { value: undefined, done: true }));
      },
      return: (): Promise<IteratorResult<T>> => Promise.resolve({ value: undefined, done: true }),
    };
  }

  // The byte ring. Offsets wrap at B_SIZE; a value may straddle the end.

  private writeBytes(src: Uint8Array): void {
    const h = this.h;
    const len = src.length;
    if (h[B_USED]! + len > h[B_SIZE]!) this.grow(h[B_USED]! + len);
    const size = h[B_SIZE]!;
    const pos = (h[B_HEAD]! + h[B_USED]!) % size;
    const first = Math.min(len, size - pos);
    this.ring.set(first === len ? src : src.subarray(0, first), pos);
    if (first < len) this.ring.set(src.subarray(first), 0);
    h[B_USED] = h[B_USED]! + len;
  }

  private readBytes(len: number, into?: Uint8Array): Uint8Array {
    const h = this.h;
    const size = h[B_SIZE]!;
    const pos = h[B_HEAD]!;
    const out = into ?? new Uint8Array(len);
    const first = Math.min(len, size - pos);
    out.set(this.ring.subarray(pos, pos + first));
    if (first < len) out.set(this.ring.subarray(0, len - first), first);
    h[B_HEAD] = (pos + len) % size;
    h[B_USED] = h[B_USED]! - len;
    return out;
  }

  /** Under LOCK: make room for `need` bytes, keeping the ring's contents in order. */
  private grow(need: number): void {
    const h = this.h;
    let size = h[B_SIZE]!;
    while (size < need) size *= 2;
    if (size > MAX_BYTES)
      throw new RangeError(
        `goroutines: a shared channel holds at most ${MAX_BYTES} bytes of buffered values`,
      );
    const used = h[B_USED]!;
    const pending = this.readBytes(used);
    growBuffer(this.sab, layout(h[SLOTS]!) + size);
    h[B_SIZE] = size;
    h[B_HEAD] = 0;
    h[B_USED] = 0;
    this.ring.set(pending, 0);
    h[B_USED] = used;
  }
}

function valsOffset(slots: number): number {
  return (HEADER_WORDS * 4 + slots * 4 + 7) & ~7;
}

function layout(slots: number): number {
  return valsOffset(slots) + slots * 8;
}
