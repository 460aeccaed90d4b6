// The scheduler of this thread: goroutine records and the registry of live ones, the current
// goroutine, parking and waking, the run queue and its preemption policy.
//
// Invariants:
// - A goroutine's record is in the live list from `go()` until its function settles.
// - A parked goroutine is woken exactly once: a Waiter is readied by whoever completes its operation,
//   after removing it from every wait queue it was in (see select.ts for the multi-queue case).
// - A woken waiter's promise is settled at once (a plain operation: no user code runs), or through the
//   run queue, one step per microtask in FIFO order: a select's winning case callback, goroutine starts,
//   and every wake-up while the queue is non-empty or the time slice is used up.
// - Records are lazy outside debug runs: a park is kept on its Waiter (reason, object, time), the
//   goroutine points at it (`parkW`), and the record's fields are derived from it when records are read
//   through `goroutines()` or `getCurrent()`, and for every goroutine that parked or woke during a time
//   slice when the slice ends (`onTurn`): no per-operation write to the record on the fast path. In
//   debug runs and under leak detection the record is written at every park and wake-up instead.
// - Attribution (`current`): exact in debug runs (GOROUTINES_DEBUG, which the inspector sets), through
//   AsyncLocalStorage. Otherwise best effort, because async_hooks would tax every promise (2-3× on
//   Node 20): exact in a goroutine's first synchronous segment and in a run-queue step; code resumed
//   later (by a settled promise, I/O, timers) is attributed to whoever ran last, and to the main
//   goroutine once the event loop has turned. Parks and fast-path operations, which decide what
//   dumps show, are attributed by a model of the microtask queue (see `caller`). See docs/runtime.md.
// - Preemption: after SLICE_MS of consecutive runtime wake-ups and fast-path operations without the
//   event loop turning, the next wake-up goes through setImmediate, so timers and I/O get to run.
import { AsyncLocalStorage } from 'node:async_hooks';
import { threadId } from 'node:worker_threads';
import type { GoroutineRecord, GoroutineState, WaitReason } from './record.js';
import { hooks, sources } from '../inspect/hooks.js';

/** Go preempts a goroutine that ran for 10 ms; a slice of wake-ups without a macrotask turn is as long. */
const SLICE_MS = 10;

const env = typeof process !== 'undefined' ? process.env : {};
const debug = !!env.GOROUTINES_DEBUG;
/** Park-site stacks for dumps and the inspector (GOROUTINES_DEBUG or GOROUTINES_STACKS=1, or setStacks). */
let parkStacks = debug || env.GOROUTINES_STACKS === '1';
/**
 * Creation sites (the `go(…)` call) cost about 3 µs each to capture, three times the rest of a spawn.
 * They are captured for every goroutine in debug runs (or GOROUTINES_STACKS=1), never with
 * GOROUTINES_STACKS=0, and otherwise for the first SITE_BUDGET goroutines of every second: programs
 * with few goroutines always get them, spawn-heavy ones pay at most ~3 ms per second.
 */
let allSites = parkStacks;
let noSites = env.GOROUTINES_STACKS === '0';
const SITE_BUDGET = 1000;
let siteTokens = SITE_BUDGET;
let siteRefill = 0;
const SITE_FRAMES = 2;

function wantSite(): boolean {
  if (allSites) return true;
  if (noSites) return false;
  if (siteTokens > 0) {
    siteTokens--;
    return true;
  }
  const now = Date.now();
  if (now - siteRefill < 1000) return false;
  siteRefill = now;
  siteTokens = SITE_BUDGET - 1;
  return true;
}

/** Turns park-site and creation-site stack capture on or off for every goroutine (the inspector's switch). */
export function setStacks(on: boolean): void {
  parkStacks = on;
  allSites = on;
  noSites = false;
}

export function stacksEnabled(): boolean {
  return parkStacks;
}

type GoFunc = (...args: any[]) => unknown;

/**
 * `false` only in the copy of the runtime that `npm run bench -- --no-records` builds, to measure what
 * records and park attribution cost: that copy keeps no goroutine records at all.
 */
const RECORDS = true;

/** A goroutine's record, and the run-queue entry that starts it. */
export class G implements GoroutineRecord {
  state: GoroutineState = 'runnable';
  waitReason: WaitReason | '' = '';
  waitSince = 0;
  waitingOn: object | null = null;
  parkedAt: Error | undefined = undefined;
  fn: GoFunc | null;
  args: unknown[] | null;
  /** The waiter of this goroutine's park while it is parked, outside debug runs (see `syncRecord`). */
  parkW: Waiter | null = null;
  /** The wait fields were derived from `parkW` by `syncRecord` and must be cleared once it is gone. */
  derived = false;
  /** Parked or woke during this time slice: its record is brought up to date when the slice ends. */
  dirty = false;
  /** Links of the live list (an intrusive list: no hash table entry per goroutine). */
  prevLive: G | null = null;
  nextLive: G | null = null;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly parentId: number,
    readonly thread: number,
    readonly createdAt: Error | undefined,
    fn: GoFunc | null,
    args: unknown[] | null,
  ) {
    this.fn = fn;
    this.args = args;
  }

  run(): void {
    if (als !== null) void als.run(this, runGoroutine, this);
    else void runGoroutine(this);
  }
}

let nextId = 2;
let allocateId: () => number = () => nextId++;

/** Lets worker-thread goroutines draw ids from a counter shared between threads. */
export function setIdAllocator(f: () => number): void {
  allocateId = f;
}

/** The main program: goroutine 1. */
export const main = new G(1, '', 0, threadId, undefined, null, null);
main.state = 'running';

let liveTail: G = main;
let liveCount = 1;

function addLive(g: G): void {
  g.prevLive = liveTail;
  liveTail.nextLive = g;
  liveTail = g;
  liveCount++;
}

/** Unlinks an exited goroutine (never goroutine 1, which is the list's head and never exits). */
function removeLive(g: G): void {
  g.prevLive!.nextLive = g.nextLive;
  if (g.nextLive !== null) g.nextLive.prevLive = g.prevLive;
  else liveTail = g.prevLive!;
  g.prevLive = g.nextLive = null;
  liveCount--;
}

/** Every live goroutine record on this thread, goroutine 1 first, in creation order, up to date. */
export function* goroutines(): IterableIterator<G> {
  for (let g: G | null = main; g !== null; g = g.nextLive) yield syncRecord(g);
}

/**
 * Brings a record's wait fields up to date. Outside debug runs a park is kept on its Waiter only and
 * the record is derived from it here, when records are read (dumps, snapshots, deadlock reports).
 */
export function syncRecord(g: G): G {
  const w = g.parkW;
  if (w !== null) {
    if (w.since === 0) w.since = turnPending ? sliceStart : clock();
    g.state = w.woken ? 'runnable' : 'waiting';
    g.waitReason = w.reason;
    g.waitSince = w.since;
    g.waitingOn = w.on;
    g.parkedAt = w.parkedAt;
    g.derived = true;
  } else if (g.derived) {
    g.derived = false;
    clearWait(g);
  }
  return g;
}

export function goroutineCount(): number {
  return liveCount;
}

/** The goroutine running now, where the scheduler can know it (see the invariants above). */
let current: G | null = main;

/**
 * Exact attribution, for debug runs (GOROUTINES_DEBUG, which the inspector sets, and the lock-order and
 * leak checkers, whose reports name goroutines: GOROUTINES_LOCKORDER, _LOCK_WAIT_MS, _LEAKS): every goroutine runs
 * inside an AsyncLocalStorage context. It taxes every promise (2-3× on Node 20), so it is off otherwise.
 */
const als: AsyncLocalStorage<G> | null =
  env.GOROUTINES_DEBUG || env.GOROUTINES_LOCKORDER || env.GOROUTINES_LOCK_WAIT_MS || env.GOROUTINES_LEAKS
    ? new AsyncLocalStorage<G>()
    : null;

/** Whether `getCurrent()` is exact (debug runs) rather than best effort. */
export const exactAttribution = als !== null;

/** The goroutine running now: exact in debug runs, best effort otherwise (see the invariants above). */
export function getCurrent(): G | null {
  const g = currentG();
  return g === null ? null : syncRecord(g);
}

/** The same goroutine as `getCurrent()`, its record as it is (for primitives that keep a reference). */
export function currentG(): G | null {
  if (als !== null) return als.getStore() ?? main;
  if (RECORDS && fastOps !== seenOps) catchUp();
  return current;
}

/** Goroutines whose record may be stale (see `syncRecord`), brought up to date when the slice ends. */
let dirty: G[] = [];

function markDirty(g: G): void {
  g.dirty = true;
  dirty.push(g);
  if (!turnPending) clock();
}

function syncDirty(): void {
  const gs = dirty;
  dirty = [];
  for (let i = 0; i < gs.length; i++) {
    const g = gs[i]!;
    g.dirty = false;
    syncRecord(g);
  }
}

/** Same as getCurrent (the name the worker-thread side uses). */
export const currentGoroutine = getCurrent;

/** Called when a goroutine's function throws: set by crash.ts (kept apart to avoid an import cycle). */
export const onPanic: { handler: (g: G, err: unknown) => void } = {
  handler: (_g, err) => {
    throw err;
  },
};

async function runGoroutine(g: G): Promise<void> {
  if (fastOps !== seenOps) catchUp();
  current = g;
  g.state = 'running';
  const f = g.fn!;
  const args = g.args!;
  g.fn = null;
  g.args = null;
  try {
    // Up to its first await the goroutine is known exactly: its parks need no guessing.
    starting = g;
    const r = f(...args);
    if (fastOps !== seenOps) catchUp();
    starting = null;
    await r;
  } catch (err) {
    if (fastOps !== seenOps) catchUp();
    starting = null;
    onPanic.handler(g, err);
  }
  if (fastOps !== seenOps) catchUp();
  // The model may hold continuations of this goroutine, which will never run (see `catchUp`).
  if (resumeLen > 0) stale = true;
  removeLive(g);
  if (g.parkW !== null) orphan(g);
  if (g.derived) {
    g.derived = false;
    clearWait(g);
  }
  g.state = 'runnable';
  if (hooks.goroutineExited !== null) hooks.goroutineExited(g);
}

/** Creates a goroutine record and queues it to run: what `go(f, ...args)` does. */
export function spawn(name: string, f: GoFunc, args: unknown[], caller: GoFunc): G {
  let site: Error | undefined;
  if (wantSite()) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = SITE_FRAMES;
    // An Error without its constructor's own capture: one stack walk, and `instanceof Error` holds.
    site = Object.create(Error.prototype) as Error;
    Error.captureStackTrace(site, caller);
    Error.stackTraceLimit = limit;
  }
  const parent = currentG();
  const g = new G(allocateId(), name, parent === null ? 0 : parent.id, threadId, site, f, args);
  addLive(g);
  if (hooks.goroutineCreated !== null) hooks.goroutineCreated(g);
  enqueue(g);
  return g;
}

// ---- waiters -------------------------------------------------------------------------------------

/** How a woken Waiter settles its promise. */
export const RESOLVE_VALUE = 0;
/** Resolve with `[value, ok]` (recvOk). */
export const RESOLVE_OK = 1;
/** Hand the waiter to its select, which runs the winning case. */
export const RESOLVE_SELECT = 2;
/** Resolve with an iterator result: `{ value, done: !ok }` (for-await over a channel). */
export const RESOLVE_ITER = 3;

/** The select a waiter is a case of (select.ts). */
export interface WaiterOwner {
  /** `w` won: unlink the select's other waiters now, before anything else can see them. */
  commit(w: Waiter): void;
  /** `w` is running: run the winning case and settle the select's promise. */
  resume(w: Waiter): void;
}

/**
 * A parked operation (Go's sudog): the goroutine, the value being sent or received, and the resolvers
 * of the promise its goroutine awaits. Primitives keep waiters in WaitQueues; nothing else holds them.
 */
export class Waiter {
  g: G | null = null;
  value: any = undefined;
  ok = false;
  /** Set when the operation must throw on wake-up (a send on a channel closed meanwhile). */
  panic: unknown = undefined;
  failed = false;
  mode = RESOLVE_VALUE;
  resolve: (v: any) => void = noop;
  reject: (e: unknown) => void = noop;
  prev: Waiter | null = null;
  next: Waiter | null = null;
  queue: WaitQueue | null = null;
  /** The select this waiter is a case of, and which case. */
  sel: WaiterOwner | null = null;
  index = 0;
  /** Per-primitive data: the weight of a semaphore acquire, the kind of a lock request. */
  n = 0;
  /** Taken from the pool (see `waiter()`): nothing outside its wait queue refers to it. */
  pooled = false;
  /** The park, outside debug runs (see `syncRecord`): why, on what, since when, where. */
  reason: WaitReason | '' = '';
  on: object | null = null;
  since = 0;
  parkedAt: Error | undefined = undefined;
  /** Readied, waiting in the run queue to run (the goroutine is runnable). */
  woken = false;

  run(): void {
    if (fastOps !== seenOps) catchUp();
    current = this.g;
    this.settle();
  }

  /** Marks the goroutine running again and settles its promise; runs no user code except a select's. */
  settle(): void {
    const g = this.g;
    parked--;
    // Kept out of line, and so is the record of a park: hot paths stay small enough to be inlined.
    if (RECORDS && g !== null) woke(this, g);
    if (this.failed) this.reject(this.panic);
    else if (this.mode === RESOLVE_VALUE) this.resolve(this.value);
    else if (this.mode === RESOLVE_OK) this.resolve([this.value, this.ok]);
    else if (this.mode === RESOLVE_ITER) this.resolve({ value: this.value, done: !this.ok });
    else this.sel!.resume(this);
    if (this.pooled) release(this);
  }
}

/** The record side of a wake-up: the park is over, and the goroutine's continuation is queued. */
function woke(w: Waiter, g: G): void {
  const pw = g.parkW;
  // The park is over (a select's park ends when any of its cases runs). An orphan's goroutine
  // record is about another park (see `orphans`): it is left as it is. Without a park of its own
  // (debug runs, leak detection, yieldWith), the record was written eagerly: clear it.
  if (pw === w || (pw !== null && w.sel !== null && pw.sel === w.sel)) {
    g.parkW = null;
    if (!g.dirty) markDirty(g);
  } else if (orphans.length === 0 || !unorphan(w)) {
    if (pw === null) clearWait(g);
  }
  if (als === null) {
    if (fastOps !== seenOps) catchUp();
    // `resumed(g)`, without the call while the ring has room.
    const len = resumeQ.length;
    if (resumeLen === len) resumed(g);
    else {
      resumeQ[(resumeHead + resumeLen) & (len - 1)] = g;
      resumeLen++;
    }
  }
}

function clearWait(g: G): void {
  g.state = 'running';
  g.waitReason = '';
  g.waitSince = 0;
  g.waitingOn = null;
  if (g.parkedAt !== undefined) g.parkedAt = undefined;
}

// Waiters of plain channel and lock operations are recycled: a hand-off allocates less, and the
// garbage collector runs less (it is most of the cost of a hand-off otherwise). Not while the leak
// detector watches waiters for collection (hooks.parkedWaiter).
const pool: Waiter[] = [];
const POOL_MAX = 1024;

/** A waiter for a plain operation, whose only holder will be one wait queue. */
export function waiter(): Waiter {
  if (hooks.parkedWaiter !== null) return new Waiter();
  const w = pool.pop() ?? new Waiter();
  w.pooled = true;
  return w;
}

function release(w: Waiter): void {
  w.g = null;
  w.value = undefined;
  w.ok = false;
  if (w.failed) {
    w.panic = undefined;
    w.failed = false;
  }
  if (w.mode !== RESOLVE_VALUE) w.mode = RESOLVE_VALUE;
  w.resolve = noop;
  w.reject = noop;
  w.pooled = false;
  w.on = null;
  if (w.since !== 0) w.since = 0;
  if (w.woken) w.woken = false;
  if (w.parkedAt !== undefined) w.parkedAt = undefined;
  if (pool.length < POOL_MAX) pool.push(w);
}

function noop(): void {}

/** A FIFO of waiters with O(1) removal from the middle (a select's losing cases leave at once). */
export class WaitQueue {
  head: Waiter | null = null;
  tail: Waiter | null = null;
  size = 0;

  push(w: Waiter): void {
    w.queue = this;
    w.next = null;
    w.prev = this.tail;
    if (this.tail === null) this.head = w;
    else this.tail.next = w;
    this.tail = w;
    this.size++;
  }

  shift(): Waiter | null {
    const w = this.head;
    if (w === null) return null;
    const next = w.next;
    this.head = next;
    if (next === null) this.tail = null;
    else next.prev = null;
    w.next = null;
    w.queue = null;
    this.size--;
    return w;
  }

  remove(w: Waiter): void {
    if (w.queue !== this) return;
    if (w.prev === null) this.head = w.next;
    else w.prev.next = w.next;
    if (w.next === null) this.tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = w.next = null;
    w.queue = null;
    this.size--;
  }

  *goroutines(): IterableIterator<GoroutineRecord> {
    for (let w = this.head; w !== null; w = w.next) if (w.g !== null) yield syncRecord(w.g);
  }
}

/**
 * Parks the current goroutine on `w` until a primitive readies it. The returned promise settles when
 * the waiter runs. `on` is the object waited on, for dumps and the inspector; `holder` is what the
 * primitive keeps to wake it (the waiter itself, or a select holding several).
 */
export function park<T>(w: Waiter, reason: WaitReason, on: object | null, holder: object = w): Promise<T> {
  parking = w;
  const p = new Promise<T>(bindResolvers);
  parked++;
  if (RECORDS) parkRecord(w, reason, on, holder);
  return p;
}

/** The record side of a park: who parked (see `caller`), and the park kept on the waiter. */
function parkRecord(w: Waiter, reason: WaitReason, on: object | null, holder: object): void {
  if (als !== null || hooks.parkedWaiter !== null) {
    parkEager(w, reason, on, holder);
    return;
  }
  // Lazy: the park is kept on the waiter, which the primitive holds anyway (see `syncRecord`).
  const g = caller();
  if (g.parkW !== null) orphan(g);
  g.parkW = w;
  if (!g.dirty) markDirty(g);
  w.g = g;
  w.reason = reason;
  w.on = on;
  // `since` is left 0: the park happened during this time slice, whose start `syncRecord` takes
  // (a goroutine that parks is brought up to date by the end of the slice at the latest).
  if (parkStacks) w.parkedAt = new Error(reason);
  if (hooks.parked !== null) hooks.parked(syncRecord(g), reason, on);
}

/**
 * Debug runs and leak detection: the record itself, at once. Not `parkW` under leak detection, which
 * watches waiters for collection: nothing else may hold them.
 */
function parkEager(w: Waiter, reason: WaitReason, on: object | null, holder: object): void {
  const g = als !== null ? (als.getStore() ?? main) : caller();
  if (g.parkW !== null) orphan(g);
  w.g = g;
  g.derived = false;
  g.state = 'waiting';
  g.waitReason = reason;
  g.waitSince = turnPending ? sliceStart : clock();
  g.waitingOn = on;
  if (parkStacks) g.parkedAt = new Error(reason);
  if (hooks.parked !== null) hooks.parked(g, reason, on);
  if (hooks.parkedWaiter !== null) hooks.parkedWaiter(g, holder);
}

// ---- attribution without AsyncLocalStorage -------------------------------------------------------------
//
// Parks decide what dumps show, so they are attributed by modelling the microtask queue, which is
// FIFO: `resumeQ` holds, in queue order, the goroutines whose continuation is queued. A settled waiter
// queues its goroutine's continuation; an operation that completes at once (every such operation
// passes through `preempt`) queues its caller's continuation, since the caller awaits the result.
// The continuation that calls into the runtime next is the head of the queue. This is exact for
// goroutines whose every step ends in an awaited runtime operation; a goroutine that also awaits
// other promises (I/O, its own async helpers) shifts the model until the event loop turns (the
// microtask queue is empty then, and so is the model). In a goroutine's first synchronous segment,
// attribution is exact.

/** The goroutine in its first synchronous segment (exact), or null. */
let starting: G | null = null;
let resumeQ: (G | undefined)[] = new Array(64);
let resumeHead = 0;
let resumeLen = 0;

function resumed(g: G): void {
  if (resumeLen === resumeQ.length) {
    const bigger: (G | undefined)[] = new Array(resumeQ.length * 2);
    for (let i = 0; i < resumeLen; i++) bigger[i] = resumeQ[(resumeHead + i) & (resumeQ.length - 1)];
    resumeQ = bigger;
    resumeHead = 0;
  }
  resumeQ[(resumeHead + resumeLen) & (resumeQ.length - 1)] = g;
  resumeLen++;
}

/** The goroutine calling into the runtime now, as well as it can be known without AsyncLocalStorage. */
function caller(): G {
  if (fastOps !== seenOps) catchUp();
  return pop();
}

function pop(): G {
  if (starting !== null) return starting;
  while (resumeLen > 0) {
    const g = resumeQ[resumeHead]!;
    resumeQ[resumeHead] = undefined;
    resumeHead = (resumeHead + 1) & (resumeQ.length - 1);
    if (--resumeLen === 0) stale = false;
    // Skip goroutines that have exited since.
    if (g === main || g.prevLive !== null) return (current = g);
  }
  return current ?? main;
}

/**
 * Fast-path operations (every one passes through `preempt`) so far, and how many of them the model
 * has taken in. An operation that completes at once does not touch the model: the model takes them
 * in, all at once, before it is next read or changed (`catchUp`).
 */
let fastOps = 0;
let seenOps = 0;
/** A goroutine exited while the model held entries: some may be of goroutines that exited. */
let stale = false;
const OPS_MASK = 0x3fffffff;

/**
 * Takes in the fast-path operations since the model last changed. Each one queued its caller's
 * continuation: in a goroutine's first segment, that goroutine's; otherwise the head's (whose
 * continuation was the one running), which moves to the tail. k such moves rotate the queue by k,
 * done here in at most one pass over it, as long as every entry is of a live goroutine.
 */
function catchUp(): void {
  // The usual case, one operation since the model last changed, is a plain move of the head.
  if (((fastOps - seenOps) & OPS_MASK) === 1 && starting === null && resumeLen > 0 && !stale) {
    seenOps = fastOps;
    const g = resumeQ[resumeHead]!;
    if (resumeLen > 1) {
      const mask = resumeQ.length - 1;
      resumeQ[(resumeHead + resumeLen) & mask] = g;
      resumeHead = (resumeHead + 1) & mask;
    }
    current = g;
    return;
  }
  catchUpMany();
}

function catchUpMany(): void {
  let k = (fastOps - seenOps) & OPS_MASK;
  seenOps = fastOps;
  if (starting !== null || resumeLen === 0 || stale) {
    for (; k > 0; k--) fastPathResumed();
    return;
  }
  const len = resumeLen;
  const mask = resumeQ.length - 1;
  if (len > 1) {
    if (k >= len) k %= len;
    for (; k > 0; k--) {
      // The vacated slot is left as it is (its goroutine is still queued); the turn's end clears it.
      resumeQ[(resumeHead + len) & mask] = resumeQ[resumeHead];
      resumeHead = (resumeHead + 1) & mask;
    }
  }
  current = resumeQ[(resumeHead + len - 1) & mask]!;
}

/** One fast-path operation for the model: `resumed(caller())`, a live head moving to the tail in place. */
function fastPathResumed(): void {
  if (starting === null && resumeLen > 0) {
    const g = resumeQ[resumeHead]!;
    if (g === main || g.prevLive !== null) {
      current = g;
      if (resumeLen > 1) {
        // The vacated slot is left as it is (g is still queued); the turn's end clears the ring.
        const mask = resumeQ.length - 1;
        resumeQ[(resumeHead + resumeLen) & mask] = g;
        resumeHead = (resumeHead + 1) & mask;
      }
      return;
    }
  }
  resumed(pop());
}

function unresume(): void {
  resumeLen--;
  resumeQ[(resumeHead + resumeLen) & (resumeQ.length - 1)] = undefined;
}

/**
 * Parks that were attributed to a goroutine that then parked again or exited: they belong to another
 * goroutine, which the records show as running. A deadlock dump gives their waits to the goroutines
 * shown as running (nothing runs at that point).
 */
export const orphans: Waiter[] = [];

/** Beyond this many (leaks that were misattributed), the oldest are forgotten: settles scan the list. */
const ORPHANS_MAX = 256;

function orphan(g: G): void {
  const w = g.parkW!;
  g.parkW = null;
  if (w.since === 0) w.since = turnPending ? sliceStart : clock();
  if (orphans.length === ORPHANS_MAX) orphans.shift();
  orphans.push(w);
}

/** Drops `w`'s park (a select's, for one of its cases) from the orphans; false if it was not one. */
function unorphan(w: Waiter): boolean {
  for (let i = 0; i < orphans.length; i++)
    if (orphans[i] === w || (w.sel !== null && orphans[i]!.sel === w.sel)) {
      orphans.splice(i, 1);
      return true;
    }
  return false;
}

/** Empties the model, stale slots included (rotations leave them), so no exited record stays held. */
function clearResumed(): void {
  resumeQ.fill(undefined);
  resumeHead = 0;
  resumeLen = 0;
  seenOps = fastOps;
  stale = false;
}

// The waiter whose promise is being constructed: one shared executor, no closure per park.
let parking: Waiter | null = null;

function bindResolvers(resolve: (v: any) => void, reject: (e: unknown) => void): void {
  parking!.resolve = resolve;
  parking!.reject = reject;
  parking = null;
}

/** Goroutines parked on runtime primitives now (whoever they are attributed to). */
let parked = 0;

export function parkedCount(): number {
  return parked;
}

/**
 * Milliseconds for wait timestamps: the start of the running time slice when one is running (at most
 * one event-loop turn old; dumps print waits in minutes), else Date.now().
 */
function clock(): number {
  if (turnPending) return sliceStart;
  turnPending = true;
  sliceStart = Date.now();
  setImmediate(onTurn);
  return sliceStart;
}

/** Makes a parked waiter runnable: it resumes on a later run-queue step. */
export function ready(w: Waiter): void {
  // Settling at once saves a microtask per wake-up; a select runs its case callback, which must not
  // run inside the waker's call, so it goes through the run queue, as does everything while the queue
  // is busy (FIFO) or the time slice is used up (preemption).
  if (w.mode !== RESOLVE_SELECT && runqLen === 0 && !forceYield) {
    if (!overSlice()) {
      if (hooks.readied !== null && w.g !== null) hooks.readied(w.g);
      w.settle();
      return;
    }
    forceYield = true;
  }
  readyLater(w);
}

/**
 * Makes a parked waiter runnable through the run queue, one microtask later than `ready`: the waker's
 * own continuation runs first. Buffered channels wake this way, so the running side gets ahead and
 * the woken side finds the buffer non-empty (or non-full) instead of parking again at every message.
 */
export function readyLater(w: Waiter): void {
  const g = w.g;
  if (RECORDS && g !== null) {
    const pw = g.parkW;
    if (pw === w || (pw !== null && w.sel !== null && pw.sel === w.sel)) pw.woken = true;
    else if (pw === null) g.state = 'runnable';
    if (hooks.readied !== null) hooks.readied(g);
  }
  enqueue(w);
}

// ---- run queue and preemption ---------------------------------------------------------------------

interface Runnable {
  run(): void;
}

let runq: (Runnable | undefined)[] = new Array(64);
let runqHead = 0;
let runqLen = 0;
let scheduled = false;
let forceYield = false;
let turnPending = false;
let sliceStart = 0;
let ticks = 0;

function enqueue(r: Runnable): void {
  if (runqLen === runq.length) {
    const bigger: (Runnable | undefined)[] = new Array(runq.length * 2);
    for (let i = 0; i < runqLen; i++) bigger[i] = runq[(runqHead + i) & (runq.length - 1)];
    runq = bigger;
    runqHead = 0;
  }
  runq[(runqHead + runqLen) & (runq.length - 1)] = r;
  runqLen++;
  if (!scheduled) schedule();
}

const microtask: Promise<void> = Promise.resolve();

function schedule(): void {
  scheduled = true;
  if (forceYield || overSlice()) {
    forceYield = false;
    setImmediate(drain);
  } else {
    // Cheaper than queueMicrotask, which wraps every callback for async_hooks.
    void microtask.then(drain);
  }
}

function drain(): void {
  if (forceYield) {
    forceYield = false;
    setImmediate(drain);
    return;
  }
  scheduled = false;
  if (runqLen === 0) return;
  const r = runq[runqHead]!;
  runq[runqHead] = undefined;
  runqHead = (runqHead + 1) & (runq.length - 1);
  runqLen--;
  r.run();
  // Queued after the continuation `r.run()` released, so that continuation runs as `current`.
  if (runqLen > 0 && !scheduled) schedule();
}

function onTurn(): void {
  turnPending = false;
  if (dirty.length > 0) syncDirty();
  clearResumed();
  // Code that runs next without being resumed by the scheduler (I/O callbacks, timers of the program)
  // is the main program's, as far as the scheduler can know.
  current = main;
}

/** Starts a time slice when none is running; reports whether the running one is used up. */
function overSlice(): boolean {
  if (!turnPending) {
    turnPending = true;
    sliceStart = Date.now();
    setImmediate(onTurn);
    return false;
  }
  return (++ticks & 63) === 0 && Date.now() - sliceStart >= SLICE_MS;
}

/**
 * A preemption point for operations that complete without parking (a free mutex, a ready channel):
 * true when the goroutine should yield to the event loop before continuing (see `yieldWith`).
 */
export function preempt(): boolean {
  fastOps = (fastOps + 1) & OPS_MASK;
  return (fastOps & 255) === 0 && sliceUsed();
}

/** Every 256 fast-path operations: whether the time slice is used up (the caller then yields). */
function sliceUsed(): boolean {
  if (!turnPending) {
    turnPending = true;
    sliceStart = Date.now();
    setImmediate(onTurn);
    return false;
  }
  if (Date.now() - sliceStart < SLICE_MS) return false;
  // The caller's continuation is not queued now: yieldWith wakes it through the run queue.
  if (RECORDS && als === null) {
    catchUp();
    unresume();
  }
  return true;
}

/** Completes an operation with `value` after the event loop has turned (a preempted fast path). */
export function yieldWith<T>(value: T): Promise<T> {
  const w = waiter();
  w.value = value;
  w.g = currentG();
  parking = w;
  const p = new Promise<T>(bindResolvers);
  parked++;
  forceYield = true;
  enqueue(w);
  return p;
}

sources.goroutines = goroutines;
sources.current = getCurrent;
