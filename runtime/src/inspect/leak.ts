// Goroutine leak detection, two ways.
//
// 1. At the end of a test (goleak's VerifyNone): every goroutine still alive, apart from the ones the
//    caller expects, is a leak; goroutines that are finishing get a short grace period.
//
// 2. While the program runs, from the garbage collector. A parked goroutine is woken only through the
//    Waiter its primitive keeps in a wait queue (sched.ts), and that Waiter holds the resolver of the
//    promise the goroutine awaits. When the Waiter becomes unreachable, nothing can ever resolve that
//    promise: the goroutine is blocked forever, and JavaScript silently collects it (its `finally`
//    blocks never run). A FinalizationRegistry over parked Waiters turns that into a report. Only
//    collected Waiters are reported, so there are no false reports; what is missed is what the GC has
//    not collected yet (or cannot: see `cutStrongPaths`).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { GoroutineRecord } from '../sched/record.js';
import { formatDump, formatGoroutine } from './dump.js';
import { hooks } from './hooks.js';
import { framesOf } from './snapshot.js';
import { currentGoroutine, liveGoroutines, recordProblem } from './state.js';

// ---- verifyNone ----------------------------------------------------------------------------------

/** A goroutine filter: a name / function / site to match (string: exact name or substring of a site), or a predicate. */
export type GoroutineMatcher = string | RegExp | ((g: GoroutineRecord) => boolean);

export interface VerifyOptions {
  /** Goroutines to ignore by name (`go.named` label or function name). */
  ignoreName?: GoroutineMatcher[];
  /** Goroutines to ignore by the function on top of their park-site stack (goleak's IgnoreTopFunction). */
  ignoreTopFunction?: GoroutineMatcher[];
  /** Goroutines to ignore by creation site, matched against `file:line` of the `go(…)` call. */
  ignoreCreatedAt?: GoroutineMatcher[];
  /** Goroutine ids to ignore (see `currentGoroutineIds`, goleak's IgnoreCurrent). */
  ignoreIds?: Iterable<number>;
  /** How long to wait for goroutines that are finishing, in milliseconds (default 1000). */
  maxWaitMs?: number;
}

/** Thrown by `verifyNone` with the dump of the goroutines left behind. */
export class GoroutineLeakError extends Error {
  constructor(
    message: string,
    readonly goroutines: readonly GoroutineRecord[],
  ) {
    super(message);
    this.name = 'GoroutineLeakError';
  }
}

function matches(m: GoroutineMatcher, text: string | undefined, g: GoroutineRecord, exact: boolean): boolean {
  if (typeof m === 'function') return m(g);
  if (text === undefined) return false;
  if (typeof m === 'string') return exact ? text === m : text.includes(m);
  return m.test(text);
}

function ignored(g: GoroutineRecord, o: VerifyOptions, ids: Set<number>): boolean {
  if (ids.has(g.id)) return true;
  if (o.ignoreName?.some((m) => matches(m, g.name, g, true))) return true;
  if (o.ignoreTopFunction?.length) {
    const top = framesOf(g.parkedAt)[0]?.fn;
    if (o.ignoreTopFunction.some((m) => matches(m, top, g, true))) return true;
  }
  if (o.ignoreCreatedAt?.length) {
    const c = framesOf(g.createdAt)[0];
    const at = c ? `${c.file}:${c.line}` : undefined;
    if (o.ignoreCreatedAt.some((m) => matches(m, at, g, false))) return true;
  }
  return false;
}

/** Ids of the goroutines alive now, to ignore later (goleak's IgnoreCurrent). */
export function currentGoroutineIds(): Set<number> {
  return new Set([...liveGoroutines()].map((g) => g.id));
}

function leftBehind(o: VerifyOptions): GoroutineRecord[] {
  // Goroutine 1 is the program (or test runner) itself, and the caller is never its own leak.
  const ids = new Set([1, ...(o.ignoreIds ?? [])]);
  const me = currentGoroutine();
  if (me) ids.add(me.id);
  return [...liveGoroutines()].filter((g) => !ignored(g, o, ids));
}

/**
 * Resolves when no unexpected goroutine is alive; otherwise rejects with a `GoroutineLeakError`
 * listing them as a Go dump. Retries with a growing pause (up to `maxWaitMs`) so goroutines that are
 * about to finish are not reported.
 */
export async function verifyNone(options: VerifyOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.maxWaitMs ?? 1000);
  let pause = 1;
  for (;;) {
    const leaks = leftBehind(options);
    if (leaks.length === 0) return;
    if (Date.now() >= deadline) {
      const text = `found unexpected goroutines:\n\n${formatDump(leaks)}`;
      throw new GoroutineLeakError(text, leaks);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))));
    pause = Math.min(pause * 2, 100);
  }
}

/**
 * A per-test check, for `afterEach(leakcheck())` in node:test, mocha or vitest: goroutines alive when
 * `leakcheck` is called are ignored, any other one still alive when the returned function runs fails it.
 */
export function leakcheck(options: VerifyOptions = {}): () => Promise<void> {
  const before = currentGoroutineIds();
  for (const id of options.ignoreIds ?? []) before.add(id);
  return () => verifyNone({ ...options, ignoreIds: before });
}

// ---- run-time detection ---------------------------------------------------------------------------

interface ParkedInfo {
  record: GoroutineRecord;
  /** A copy of what the dump needs, taken at park time: the report must not depend on the Waiter. */
  waitReason: GoroutineRecord['waitReason'];
  waitSince: number;
  parkedAt: Error | undefined;
}

export const leakOptions = {
  write: (text: string) => process.stderr.write(text),
};

// The registry's held values are ParkedInfo objects; they reference the record, which must not lead
// back to the Waiter (see cutStrongPaths).
const tokens = new WeakMap<GoroutineRecord, object>();
const registry = new FinalizationRegistry<ParkedInfo>((info) => {
  const g = info.record;
  // The goroutine may have been woken and parked again since; only its current park counts.
  if (g.state !== 'waiting' || g.waitSince !== info.waitSince) return;
  const view: GoroutineRecord = {
    ...g,
    waitingOn: null,
    waitReason: info.waitReason,
    parkedAt: info.parkedAt,
  };
  const why = 'nothing can wake it: what it waits on became unreachable';
  const text = `==================\nWARNING: GOROUTINE LEAK\n${why}\n${formatGoroutine(view)}\n==================\n`;
  recordProblem({
    kind: 'goroutine-leak',
    message: `goroutine ${g.id} leaked in ${info.waitReason}: ${why}`,
    goroutine: g.id,
    name: g.name,
    waitReason: info.waitReason,
    parkedAt: framesOf(info.parkedAt),
    createdAt: framesOf(g.createdAt),
  });
  leakOptions.write(text);
  if (search !== null && !search.done) search.leaked.push(g.id);
});

/**
 * Removes the strong paths from a goroutine's record to the Waiter that would keep a blocked-forever
 * goroutine from being collected: the scheduler keeps live records in a registry, and a record points
 * at the object it waits on (whose queue holds the Waiter). `waitingOn` becomes a weak reference
 * (same reads and writes, through an accessor), and unformatted V8 stacks are formatted now, because
 * they hold the receivers and functions of their frames.
 */
export function cutStrongPaths(g: GoroutineRecord): void {
  void g.createdAt?.stack;
  const desc = Object.getOwnPropertyDescriptor(g, 'waitingOn');
  if (!desc || !desc.writable || !desc.configurable) return;
  let ref: WeakRef<object> | null = desc.value ? new WeakRef(desc.value as object) : null;
  Object.defineProperty(g, 'waitingOn', {
    configurable: true,
    enumerable: true,
    get: () => ref?.deref() ?? null,
    set: (v: object | null) => {
      ref = v ? new WeakRef(v) : null;
    },
  });
}

/** The parkedWaiter hook while run-time leak detection is on. */
export function watchParked(g: GoroutineRecord, waiter: object): void {
  if (Object.getOwnPropertyDescriptor(g, 'waitingOn')?.get === undefined) cutStrongPaths(g);
  void g.parkedAt?.stack;
  const old = tokens.get(g);
  if (old) registry.unregister(old);
  const token = {};
  tokens.set(g, token);
  registry.register(
    waiter,
    { record: g, waitReason: g.waitReason, waitSince: g.waitSince, parkedAt: g.parkedAt },
    token,
  );
}

/** The readied / exited hooks while run-time leak detection is on. */
export function unwatch(g: GoroutineRecord): void {
  const token = tokens.get(g);
  if (token) {
    registry.unregister(token);
    tokens.delete(g);
  }
}

// ---- on request: a full collection, then what it proved -----------------------------------------

/** What `findLeaks` answers: the search it started or was asked about, and what it found so far. */
export interface LeakSearch {
  /** Increases with each search. */
  round: number;
  /** Run-time leak detection is on (debug runs, GOROUTINES_LEAKS=1): without it nothing is watched. */
  enabled: boolean;
  /** The collections ran and their finalizers had the time to report. */
  done: boolean;
  /** Goroutines reported leaked since the search started. */
  leaked: number[];
}

let search: LeakSearch | null = null;
let rounds = 0;
let collector: (() => void) | null = null;

/**
 * A full garbage collection: `globalThis.gc` when the program runs with --expose-gc, else V8's own,
 * reached through a fresh context created once the flag is set (the program's global is unchanged).
 */
export function collectGarbage(): void {
  if (collector === null) {
    const exposed = (globalThis as { gc?: unknown }).gc;
    if (typeof exposed === 'function') collector = exposed as () => void;
    else {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    }
  }
  collector();
}

// Later turns of the event loop, not keeping the program alive: objects a WeakRef handed out during a
// turn stay alive until it ends, and finalizers run as tasks of their own after a collection.
const later = (ms: number, fn: () => void): void => void setTimeout(fn, ms).unref();

/**
 * Starts a search for leaked goroutines (`round` omitted, or a round already over): full collections
 * over a few turns of the event loop, after which every parked goroutine whose waiter was collected
 * has been reported (stderr, and a `goroutine-leak` problem in the snapshot). With a round, tells
 * how that search goes. A stopped program runs the first collection only; the rest, and the
 * reports, come when it continues.
 */
export function findLeaks(round?: number): LeakSearch {
  const enabled = hooks.parkedWaiter === watchParked;
  if (search !== null && round === search.round) return { ...search, leaked: [...search.leaked] };
  if (search !== null && !search.done) return { ...search, leaked: [...search.leaked] };
  const s: LeakSearch = { round: ++rounds, enabled, done: !enabled, leaked: [] };
  search = s;
  if (!enabled) return { ...s };
  collectGarbage();
  later(0, () => {
    collectGarbage();
    later(50, () => {
      collectGarbage();
      later(50, () => setImmediate(() => (s.done = true)));
    });
  });
  return { ...s, leaked: [] };
}
