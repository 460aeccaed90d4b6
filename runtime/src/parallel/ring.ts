// A buffered channel in shared memory: a lock-free bounded ring (Vyukov's MPMC queue) that every
// thread uses with Go's channel semantics. The unbuffered channel (a rendezvous) is chan.ts's.
//
// Layout (a SharedArrayBuffer of fixed size, and a growable one for the heap: views over a growable
// buffer cost V8 several times more per access, so the hot words and slots live in the fixed one):
// - a header of int32 words, in 64-byte lines so that the words senders write on every value (TAIL)
//   and the ones receivers write (HEAD) never share a line, and the waiters' words (read on every
//   value, written only when a party parks) are on lines of their own;
// - `cap` slot headers of 16 bytes: a sequence word, a tag, and the value's number (codec.ts);
// - `cap` inline areas of INLINE bytes each, where a small non-number value (a short string, a small
//   object in the compact format) is written straight into its slot;
// - in the second buffer, a heap for larger values: blocks of power-of-two sizes, allocated under a
//   spin lock (its free lists are header words), freed by the receiver.
//
// Positions run modulo MOD (a multiple of cap). A slot free for the value at position p holds the
// sequence 2p; once that value is written, 2p + 1; once it is taken, 2(p + cap), which frees it for
// the next lap. A sender claims position TAIL with a compare-and-swap when its slot is free, writes
// the value and publishes the odd sequence; a receiver claims HEAD when its slot is published, reads
// the value and frees the slot. close() sets a bit in TAIL, so that no send can claim a position after
// it: receivers drain what was claimed before, then see the channel closed and empty.
//
// Waiting: a party that cannot go on queues with a ticket (SQ_/RQ_ TAIL), and only the oldest ticket
// may proceed, so waiters are served first-come first-served and a newcomer does not overtake them.
// Before parking it spins for a bounded time; to park it arms its side's word (S_ARMED / R_ARMED),
// reads the wake word, checks its condition again, and waits on the wake word. Whoever makes progress
// possible for the other side swaps the armed word to 0 and, only if it was armed, bumps the wake word
// and notifies: the fast path has no notify, and every Atomics operation here is sequentially
// consistent, so one of the two always sees the other (no wake-up is lost).
import { growableBuffer, growBuffer, parkUntilChanged, spinLock, spinUnlock, wakeAll } from './wait.js';
import { encode, decode, decodeAt, readScratch, T_NUM, T_STR, T_TYPED, type Encoded } from './codec.js';
import { DESCRIPTOR, nextObjectId, registerKind, remember, type Descriptor } from './shared.js';
import { SharedChan, NOT_READY, RING_MARK, type Polled, type SharedChanOptions } from './chan.js';
import { PanicError } from '../panic.js';
import { preempt, ready, yieldWith, type Waiter } from '../sched/sched.js';
import { parked, readied } from './records.js';

// Header words. CAP, SLOTS and ID are where chan.ts has them; RING_MARK tells the layouts apart.
const CLOSED = 1;
const CAP = 2;
const SLOTS = 3;
const MOD = 4;
const INLINE = 5;
const INLINE_BASE = 6;
const ID = 20;
const H_LOCK = 32;
const H_BUMP = 33;
/** Free lists of heap blocks, one per size class (64 << k bytes); a block's offset is never 0. */
const H_FREE = 34;
const CLASSES = 23;
const TAIL = 64;
const SQ_HEAD = 65;
const SQ_TAIL = 66;
const HEAD = 80;
const RQ_HEAD = 81;
const RQ_TAIL = 82;
const S_ARMED = 96;
const SEND_WAKE = 97;
const R_ARMED = 112;
const RECV_WAKE = 113;
const HEADER_WORDS = 128;
const HEADER_BYTES = HEADER_WORDS * 4;

const CLOSED_BIT = 1 << 30;
const POS_MASK = CLOSED_BIT - 1;
/** Set in a slot's tag when the value's bytes are in a heap block (the slot's number is its offset). */
const HEAP_FLAG = 0x100;
const MAX_BYTES = 256 * 1024 * 1024;
const SPIN_MAX = 4096;
const SPIN_MIN = 64;

const EMPTY: unique symbol = Symbol('empty');
const CLOSED_AND_EMPTY: unique symbol = Symbol('closed');
type Taken = unknown;

const scratch: Encoded = { tag: 0, num: 0, bytes: null };
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * A select case parked on the ring: it holds a ticket like a plain waiter, so that a later plain
 * operation cannot overtake it. A case whose select took another case passes its ticket on when its
 * turn comes.
 */
interface QueuedCase {
  readonly recv: boolean;
  readonly ticket: number;
  /** The value of a send case, staged for the ring. */
  readonly staged: Staged | null;
  cancelled: boolean;
  /** The ticket has been used or passed on. */
  done: boolean;
}

/** A value that waits to be sent: it owns its bytes (a copy, or a heap block). */
interface Staged {
  tag: number;
  num: number;
  bytes: Uint8Array | null;
}

/** Where heap blocks begin in the heap's buffer (an offset of 0 ends a free list). */
const HEAP_START = 64;

function sizeClass(len: number): number {
  let cls = 0;
  while (64 << cls < len + 4) cls++;
  if (cls >= CLASSES) throw tooLarge();
  return cls;
}

function tooLarge(): RangeError {
  return new RangeError(`goroutines: a shared channel holds at most ${MAX_BYTES} bytes of buffered values`);
}

function defaultInline(cap: number): number {
  if (cap <= 4096) return 112;
  if (cap <= 65536) return 48;
  return 0;
}

export class BufferedSharedChan<T> extends SharedChan<T> {
  private readonly rsab: SharedArrayBuffer;
  private readonly w: Int32Array;
  private readonly slotWords: Int32Array;
  private readonly slotNums: Float64Array;
  private readonly u8: Uint8Array;
  private readonly dv: DataView;
  private readonly slots: number;
  private readonly mod: number;
  private readonly inline: number;
  private readonly inlineBase: number;
  private readonly heap: SharedArrayBuffer;
  private readonly heapU8: Uint8Array;
  private readonly heapI32: Int32Array;

  constructor(capacity: number | SharedArrayBuffer, opts: SharedChanOptions | SharedArrayBuffer = {}) {
    let sab: SharedArrayBuffer;
    let heap: SharedArrayBuffer;
    if (typeof capacity === 'number') {
      const slots = capacity;
      const o = opts as SharedChanOptions;
      const inline = o.inline === undefined ? defaultInline(slots) : (Math.max(0, o.inline) + 7) & ~7;
      const inlineBase = HEADER_BYTES + slots * 16;
      sab = new SharedArrayBuffer(inlineBase + slots * inline);
      heap = growableBuffer(HEAP_START + Math.max(0, o.bytes ?? 0), HEAP_START + MAX_BYTES);
      const h = new Int32Array(sab, 0, HEADER_WORDS);
      h[RING_MARK] = 1;
      h[CAP] = capacity;
      h[SLOTS] = slots;
      h[MOD] = slots * Math.floor((1 << 29) / slots);
      h[INLINE] = inline;
      h[INLINE_BASE] = inlineBase;
      h[ID] = nextObjectId();
      const seq = new Int32Array(sab, HEADER_BYTES, slots * 4);
      for (let i = 0; i < slots; i++) seq[i * 4] = 2 * i;
    } else {
      sab = capacity;
      heap = opts as SharedArrayBuffer;
    }
    super(sab);
    this.rsab = sab;
    const h = new Int32Array(sab, 0, HEADER_WORDS);
    this.w = h;
    this.slots = h[SLOTS]!;
    this.mod = h[MOD]!;
    this.inline = h[INLINE]!;
    this.inlineBase = h[INLINE_BASE]!;
    this.heap = heap;
    // Length-tracking views: they follow the heap as it grows, on every thread.
    this.heapU8 = new Uint8Array(heap);
    this.heapI32 = new Int32Array(heap);
    this.slotWords = new Int32Array(sab, HEADER_BYTES, this.slots * 4);
    this.slotNums = new Float64Array(sab, HEADER_BYTES, this.slots * 2);
    this.u8 = new Uint8Array(sab);
    this.dv = new DataView(sab);
  }

  override descriptor(): Descriptor {
    return { [DESCRIPTOR]: 'chan', id: this.sharedId, buffers: [this.rsab, this.heap] };
  }

  override get length(): number {
    const p = Atomics.load(this.w, HEAD);
    const t = Atomics.load(this.w, TAIL) & POS_MASK;
    return (t - p + this.mod) % this.mod;
  }

  // ---- the ring ------------------------------------------------------------------------------

  /** Claim the tail and write a value: 1 done, 0 the buffer is full, -1 the channel is closed. */
  private tryPut(tag: number, num: number, bytes: Uint8Array | null): number {
    const h = this.w;
    const sw = this.slotWords;
    for (;;) {
      const t = Atomics.load(h, TAIL);
      if ((t & CLOSED_BIT) !== 0) return -1;
      const i = t % this.slots;
      const seq = Atomics.load(sw, i * 4);
      if (seq === t * 2) {
        const next = t + 1 === this.mod ? 0 : t + 1;
        if (Atomics.compareExchange(h, TAIL, t, next) !== t) continue;
        sw[i * 4 + 1] = tag;
        this.slotNums[i * 2 + 1] = num;
        if (bytes !== null) {
          const at = this.inlineBase + i * this.inline;
          const n = num;
          if (n <= 128) {
            const u8 = this.u8;
            for (let k = 0; k < n; k++) u8[at + k] = bytes[k]!;
          } else this.u8.set(n === bytes.length ? bytes : bytes.subarray(0, n), at);
        }
        Atomics.store(sw, i * 4, t * 2 + 1);
        if (Atomics.load(h, R_ARMED) !== 0) this.wake(R_ARMED, RECV_WAKE);
        return 1;
      }
      if (Atomics.load(h, TAIL) === t) return 0;
    }
  }

  /** Claim the head and take its value; EMPTY, or CLOSED_AND_EMPTY once closed and drained. */
  private tryTake(): Taken {
    const h = this.w;
    const sw = this.slotWords;
    for (;;) {
      const p = Atomics.load(h, HEAD);
      const i = p % this.slots;
      const seq = Atomics.load(sw, i * 4);
      if (seq === p * 2 + 1) {
        const next = p + 1 === this.mod ? 0 : p + 1;
        if (Atomics.compareExchange(h, HEAD, p, next) !== p) continue;
        const tag = sw[i * 4 + 1]!;
        const num = this.slotNums[i * 2 + 1]!;
        let v: unknown;
        if (tag === T_NUM) v = num;
        else if (tag < T_STR) v = decode(tag, num, null);
        else if ((tag & HEAP_FLAG) === 0)
          v = decodeAt(tag, num, this.u8, this.dv, this.inlineBase + i * this.inline);
        else v = this.heapTake(tag & ~HEAP_FLAG, num);
        const lap = p + this.slots;
        Atomics.store(sw, i * 4, (lap >= this.mod ? lap - this.mod : lap) * 2);
        if (Atomics.load(h, S_ARMED) !== 0) this.wake(S_ARMED, SEND_WAKE);
        return v;
      }
      if (Atomics.load(h, HEAD) !== p) continue;
      const t = Atomics.load(h, TAIL);
      return t === (p | CLOSED_BIT) ? CLOSED_AND_EMPTY : EMPTY;
    }
  }

  /** Whether the value at the head is published (a receive could take it now). */
  private headReady(): boolean {
    const p = Atomics.load(this.w, HEAD);
    return Atomics.load(this.slotWords, (p % this.slots) * 4) === p * 2 + 1;
  }

  /** Whether the slot at the tail is free (a send could write there now). */
  private tailFree(): boolean {
    const t = Atomics.load(this.w, TAIL) & POS_MASK;
    return Atomics.load(this.slotWords, (t % this.slots) * 4) === t * 2;
  }

  private closedNow(): boolean {
    return (Atomics.load(this.w, TAIL) & CLOSED_BIT) !== 0;
  }

  /** Wake the parties parked on `wakeAt` if one armed `armedAt` since the last wake. */
  private wake(armedAt: number, wakeAt: number): void {
    const h = this.w;
    if (Atomics.exchange(h, armedAt, 0) === 0) return;
    Atomics.add(h, wakeAt, 1);
    wakeAll(h, wakeAt);
  }

  // ---- the heap (values too large for a slot's inline area) ------------------------------------

  /** Copies the first `len` bytes of `bytes` into a new heap block; returns the block's offset. */
  private heapPut(bytes: Uint8Array, len: number): number {
    const h = this.w;
    const cls = sizeClass(len);
    spinLock(h, H_LOCK);
    let off: number;
    try {
      off = h[H_FREE + cls]!;
      if (off !== 0) h[H_FREE + cls] = this.heapI32[off >> 2]!;
      else {
        const end = h[H_BUMP]! + (64 << cls);
        if (end > MAX_BYTES) throw tooLarge();
        off = HEAP_START + h[H_BUMP]!;
        const size = this.heap.byteLength;
        if (HEAP_START + end > size)
          growBuffer(this.heap, Math.min(HEAP_START + MAX_BYTES, Math.max(HEAP_START + end, size * 2)));
        h[H_BUMP] = end;
      }
    } finally {
      spinUnlock(h, H_LOCK);
    }
    // The block is this sender's until a receiver frees it: written outside the lock.
    this.heapI32[off >> 2] = len;
    this.heapU8.set(len === bytes.length ? bytes : bytes.subarray(0, len), off + 4);
    return off;
  }

  /** Decode the value in the heap block at `off` and free the block. */
  private heapTake(tag: number, off: number): unknown {
    const len = this.heapI32[off >> 2]!;
    const from = this.heapU8.subarray(off + 4, off + 4 + len);
    // Typed arrays keep their bytes; other values are decoded from a scratch copy.
    let v: unknown;
    if (tag >= T_TYPED) v = decode(tag, len, from.slice());
    else {
      const copy = readScratch(len);
      copy.set(from);
      v = decode(tag, len, copy);
    }
    const h = this.w;
    const cls = sizeClass(len);
    spinLock(h, H_LOCK);
    this.heapI32[off >> 2] = h[H_FREE + cls]!;
    h[H_FREE + cls] = off;
    spinUnlock(h, H_LOCK);
    return v;
  }

  private heapFree(off: number): void {
    const h = this.w;
    const cls = sizeClass(this.heapI32[off >> 2]!);
    spinLock(h, H_LOCK);
    this.heapI32[off >> 2] = h[H_FREE + cls]!;
    h[H_FREE + cls] = off;
    spinUnlock(h, H_LOCK);
  }

  // ---- sending -------------------------------------------------------------------------------

  override send(v: T): Promise<void> {
    const h = this.w;
    let tag: number;
    let num: number;
    let bytes: Uint8Array | null;
    if (typeof v === 'number') {
      tag = T_NUM;
      num = v;
      bytes = null;
    } else {
      const e = encode(v, scratch, 'send', true);
      tag = e.tag;
      num = e.num;
      bytes = e.bytes;
      if (bytes !== null && num > this.inline) {
        if (this.closedNow()) throw new PanicError('send on closed channel');
        num = this.heapPut(bytes, num);
        tag |= HEAP_FLAG;
        bytes = null;
      }
    }
    const r =
      Atomics.load(h, SQ_HEAD) === Atomics.load(h, SQ_TAIL)
        ? this.tryPut(tag, num, bytes)
        : this.closedNow()
          ? -1
          : 0;
    if (r > 0) return preempt() ? yieldWith(undefined) : RESOLVED;
    if (r < 0) {
      if ((tag & HEAP_FLAG) !== 0) this.heapFree(num);
      throw new PanicError('send on closed channel');
    }
    // The encoder's bytes live in a scratch buffer that the next send on this thread reuses.
    const own: Staged = { tag, num, bytes: bytes === null ? null : bytes.slice(0, num) };
    const ticket = Atomics.add(h, SQ_TAIL, 1);
    return this.putSlow(own, ticket);
  }

  private async putSlow(s: Staged, ticket: number): Promise<void> {
    const h = this.w;
    const g = parked('chan send', this);
    try {
      for (;;) {
        if (Atomics.load(h, SQ_HEAD) === ticket) {
          const r = this.tryPut(s.tag, s.num, s.bytes);
          if (r !== 0) {
            Atomics.store(h, SQ_HEAD, (ticket + 1) | 0);
            // The next sender in line may go now, and a select waiting for no queued sender too.
            if (Atomics.load(h, S_ARMED) !== 0) this.wake(S_ARMED, SEND_WAKE);
            if (r < 0) this.refuse(s);
            return;
          }
        } else if (this.closedNow()) this.refuse(s);
        if (this.spin(false, ticket)) continue;
        Atomics.store(h, S_ARMED, 1);
        const seen = Atomics.load(h, SEND_WAKE);
        if (this.sendReady(ticket)) continue;
        await parkUntilChanged(h, SEND_WAKE, seen);
      }
    } finally {
      readied(g);
    }
  }

  private refuse(s: Staged): never {
    if ((s.tag & HEAP_FLAG) !== 0) this.heapFree(s.num);
    throw new PanicError('send on closed channel');
  }

  private sendReady(ticket: number): boolean {
    return this.closedNow() || (Atomics.load(this.w, SQ_HEAD) === ticket && this.tailFree());
  }

  private recvReady(ticket: number): boolean {
    return Atomics.load(this.w, RQ_HEAD) === ticket && (this.headReady() || this.closedNow());
  }

  // Spinning before parking. A wake-up through Atomics.waitAsync costs a task on the woken thread
  // (microseconds); a partner running on another core usually makes progress sooner than that, so
  // a waiter first watches the ring for a bounded time. The budget adapts per channel and thread:
  // it shrinks when spinning does not pay (a partner on the same thread cannot progress meanwhile).
  private spinBudget = SPIN_MAX;
  private spinSkips = 0;

  private spin(recv: boolean, ticket: number): boolean {
    let iters = this.spinBudget;
    if (iters < SPIN_MIN && (++this.spinSkips & 63) === 0) iters = SPIN_MIN;
    if (iters < SPIN_MIN) return false;
    for (let i = 0; i < iters; i++) {
      if (recv ? this.recvReady(ticket) : this.sendReady(ticket)) {
        this.spinBudget = Math.min(SPIN_MAX, this.spinBudget * 2 + SPIN_MIN);
        return true;
      }
    }
    this.spinBudget = iters >> 1;
    return false;
  }

  // ---- receiving -----------------------------------------------------------------------------

  protected override recvNow(): [T, true] | [undefined, false] | Promise<[T, true] | [undefined, false]> {
    const h = this.w;
    if (Atomics.load(h, RQ_HEAD) === Atomics.load(h, RQ_TAIL)) {
      const v = this.tryTake();
      if (v !== EMPTY) return v === CLOSED_AND_EMPTY ? [undefined, false] : [v as T, true];
    }
    return this.takeSlow(Atomics.add(h, RQ_TAIL, 1));
  }

  override recv(): Promise<T | undefined> {
    const h = this.w;
    if (Atomics.load(h, RQ_HEAD) === Atomics.load(h, RQ_TAIL)) {
      const v = this.tryTake();
      if (v !== EMPTY) {
        const x = v === CLOSED_AND_EMPTY ? undefined : (v as T);
        return preempt() ? yieldWith(x) : Promise.resolve(x);
      }
    }
    return this.takeSlow(Atomics.add(h, RQ_TAIL, 1)).then((r) => r[0]);
  }

  override [Symbol.asyncIterator](): AsyncIterator<T> {
    const h = this.w;
    return {
      next: (): Promise<IteratorResult<T>> => {
        if (Atomics.load(h, RQ_HEAD) === Atomics.load(h, RQ_TAIL)) {
          const v = this.tryTake();
          if (v !== EMPTY) {
            const res: IteratorResult<T> =
              v === CLOSED_AND_EMPTY ? { value: undefined, done: true } : { value: v as T, done: false };
            return preempt() ? yieldWith(res) : Promise.resolve(res);
          }
        }
        return this.takeSlow(Atomics.add(h, RQ_TAIL, 1)).then((x) =>
          x[1] ? { value: x[0], done: false } : { value: undefined, done: true },
        );
      },
      return: (): Promise<IteratorResult<T>> => Promise.resolve({ value: undefined, done: true }),
    };
  }

  private async takeSlow(ticket: number): Promise<[T, true] | [undefined, false]> {
    const h = this.w;
    const g = parked('chan receive', this);
    try {
      for (;;) {
        if (Atomics.load(h, RQ_HEAD) === ticket) {
          const v = this.tryTake();
          if (v !== EMPTY) {
            Atomics.store(h, RQ_HEAD, (ticket + 1) | 0);
            if (Atomics.load(h, R_ARMED) !== 0) this.wake(R_ARMED, RECV_WAKE);
            return v === CLOSED_AND_EMPTY ? [undefined, false] : [v as T, true];
          }
        }
        if (this.spin(true, ticket)) continue;
        Atomics.store(h, R_ARMED, 1);
        const seen = Atomics.load(h, RECV_WAKE);
        if (this.recvReady(ticket)) continue;
        await parkUntilChanged(h, RECV_WAKE, seen);
      }
    } finally {
      readied(g);
    }
  }

  override close(): void {
    const h = this.w;
    if ((Atomics.or(h, TAIL, CLOSED_BIT) & CLOSED_BIT) !== 0) throw new PanicError('close of closed channel');
    Atomics.store(h, CLOSED, 1);
    Atomics.store(h, S_ARMED, 0);
    Atomics.store(h, R_ARMED, 0);
    Atomics.add(h, SEND_WAKE, 1);
    Atomics.add(h, RECV_WAKE, 1);
    wakeAll(h, SEND_WAKE);
    wakeAll(h, RECV_WAKE);
  }

  // ---- select --------------------------------------------------------------------------------

  override pollRecv(): Polled<T> {
    const h = this.w;
    if (Atomics.load(h, RQ_HEAD) !== Atomics.load(h, RQ_TAIL)) {
      // Queued receivers come first; a closed and drained channel is ready for everyone.
      const p = Atomics.load(h, HEAD);
      return Atomics.load(h, TAIL) === (p | CLOSED_BIT) ? [undefined, false] : NOT_READY;
    }
    const v = this.tryTake();
    if (v === EMPTY) return NOT_READY;
    return v === CLOSED_AND_EMPTY ? [undefined, false] : [v as T, true];
  }

  override pollSend(v: T): false | Promise<void> | true {
    const e = encode(v, scratch, 'send', true);
    const h = this.w;
    if (this.closedNow()) throw new PanicError('send on closed channel');
    if (Atomics.load(h, SQ_HEAD) !== Atomics.load(h, SQ_TAIL) || !this.tailFree()) return false;
    let tag = e.tag;
    let num = e.num;
    let bytes = e.bytes;
    if (bytes !== null && num > this.inline) {
      num = this.heapPut(bytes, num);
      tag |= HEAP_FLAG;
      bytes = null;
    }
    const r = this.tryPut(tag, num, bytes);
    if (r <= 0 && (tag & HEAP_FLAG) !== 0) this.heapFree(num);
    if (r < 0) throw new PanicError('send on closed channel');
    return r > 0;
  }

  override canRecv(): boolean {
    const h = this.w;
    const p = Atomics.load(h, HEAD);
    if (Atomics.load(h, TAIL) === (p | CLOSED_BIT)) return true;
    return Atomics.load(h, RQ_HEAD) === Atomics.load(h, RQ_TAIL) && this.headReady();
  }

  override canSend(): boolean {
    const h = this.w;
    if (this.closedNow()) return true;
    return Atomics.load(h, SQ_HEAD) === Atomics.load(h, SQ_TAIL) && this.tailFree();
  }

  override changed(side: 'recv' | 'send', seen: number): Promise<unknown> {
    return parkUntilChanged(this.w, side === 'recv' ? RECV_WAKE : SEND_WAKE, seen, false);
  }

  override watch(side: 'recv' | 'send'): number {
    const h = this.w;
    Atomics.store(h, side === 'recv' ? R_ARMED : S_ARMED, 1);
    return Atomics.load(h, side === 'recv' ? RECV_WAKE : SEND_WAKE);
  }

  override unwatch(): void {
    // Nothing to undo: an armed word nobody waits on costs its next bump one notify.
  }

  // A parked select case queues with a ticket, as plain sends and receives do, and runs as a local
  // loop on the select's thread: when its turn comes and the ring is ready, it commits the select and
  // completes its operation in one synchronous step (select.ts's commit rule).

  private readonly cases = new Map<Waiter, QueuedCase>();

  override parkRecv(w: Waiter): void {
    const qc: QueuedCase = {
      recv: true,
      ticket: Atomics.add(this.w, RQ_TAIL, 1),
      staged: null,
      cancelled: false,
      done: false,
    };
    this.cases.set(w, qc);
    void this.runCase(w, qc);
  }

  override parkSend(w: Waiter): void {
    let staged: Staged;
    try {
      staged = this.stage(w.value as T);
    } catch (e) {
      // A value that cannot be sent fails the case now, as the send itself would.
      w.sel?.commit(w);
      w.failed = true;
      w.panic = e;
      ready(w);
      return;
    }
    const qc: QueuedCase = {
      recv: false,
      ticket: Atomics.add(this.w, SQ_TAIL, 1),
      staged,
      cancelled: false,
      done: false,
    };
    this.cases.set(w, qc);
    void this.runCase(w, qc);
  }

  override unpark(w: Waiter): void {
    const qc = this.cases.get(w);
    if (qc === undefined) return;
    this.cases.delete(w);
    qc.cancelled = true;
    if (Atomics.load(this.w, qc.recv ? RQ_HEAD : SQ_HEAD) === qc.ticket) this.passTicket(qc);
  }

  /** Encode a value to send later, owning its bytes. */
  private stage(v: T): Staged {
    const e = encode(v, scratch, 'send', true);
    if (e.bytes === null) return { tag: e.tag, num: e.num, bytes: null };
    if (e.num > this.inline)
      return { tag: e.tag | HEAP_FLAG, num: this.heapPut(e.bytes, e.num), bytes: null };
    return { tag: e.tag, num: e.num, bytes: e.bytes.slice(0, e.num) };
  }

  /** The case's turn is over: the next ticket may go (and parties waiting for it are woken). */
  private passTicket(qc: QueuedCase): void {
    if (qc.done) return;
    this.dropStaged(qc);
    this.advance(qc.recv, qc.ticket);
  }

  private dropStaged(qc: QueuedCase): void {
    qc.done = true;
    if (qc.staged !== null && (qc.staged.tag & HEAP_FLAG) !== 0) this.heapFree(qc.staged.num);
  }

  private advance(recv: boolean, ticket: number): void {
    Atomics.store(this.w, recv ? RQ_HEAD : SQ_HEAD, (ticket + 1) | 0);
    if (recv) {
      if (Atomics.load(this.w, R_ARMED) !== 0) this.wake(R_ARMED, RECV_WAKE);
    } else if (Atomics.load(this.w, S_ARMED) !== 0) this.wake(S_ARMED, SEND_WAKE);
  }

  private async runCase(w: Waiter, qc: QueuedCase): Promise<void> {
    const h = this.w;
    const sel = w.sel as { done?: boolean } | null;
    const headAt = qc.recv ? RQ_HEAD : SQ_HEAD;
    for (;;) {
      if (qc.done) return;
      const atHead = Atomics.load(h, headAt) === qc.ticket;
      if (qc.cancelled || sel?.done === true) {
        if (atHead) {
          this.passTicket(qc);
          return;
        }
        if (!qc.recv && this.closedNow()) {
          // After close every send panics: the senders' queue is not used anymore.
          this.dropStaged(qc);
          return;
        }
      } else if (qc.recv) {
        if (atHead) {
          const v = this.tryTake();
          if (v !== EMPTY) {
            qc.done = true;
            this.cases.delete(w);
            w.sel?.commit(w);
            this.advance(true, qc.ticket);
            w.value = v === CLOSED_AND_EMPTY ? undefined : v;
            w.ok = v !== CLOSED_AND_EMPTY;
            ready(w);
            return;
          }
        }
      } else if (this.closedNow()) {
        // A send case on a closed channel panics, at its turn or not.
        this.cases.delete(w);
        this.dropStaged(qc);
        w.sel?.commit(w);
        w.failed = true;
        w.panic = new PanicError('send on closed channel');
        ready(w);
        return;
      } else if (atHead) {
        const s = qc.staged!;
        if (this.tryPut(s.tag, s.num, s.bytes) > 0) {
          qc.done = true;
          this.cases.delete(w);
          w.sel?.commit(w);
          this.advance(false, qc.ticket);
          ready(w);
          return;
        }
      }
      const seen = this.watch(qc.recv ? 'recv' : 'send');
      const turn = Atomics.load(h, headAt) === qc.ticket;
      const go = qc.recv
        ? turn && (qc.cancelled || this.headReady() || this.closedNow())
        : this.closedNow() || (turn && (qc.cancelled || this.tailFree()));
      if (go) continue;
      await this.changed(qc.recv ? 'recv' : 'send', seen);
    }
  }
}

registerKind('chan', (d) => {
  const sab = d.buffers[0]!;
  return new Int32Array(sab, 0, 24)[RING_MARK] === 1
    ? new BufferedSharedChan<unknown>(sab, d.buffers[1]!)
    : new SharedChan<unknown>(sab);
});

/** `make(chan T, n)` for a channel that goroutines on any thread can use. */
export function sharedChan<T>(capacity = 0, opts?: SharedChanOptions): SharedChan<T> {
  if (!Number.isInteger(capacity) || capacity < 0) throw new PanicError('makechan: size out of range');
  return remember(capacity === 0 ? new SharedChan<T>(0, opts) : new BufferedSharedChan<T>(capacity, opts));
}
