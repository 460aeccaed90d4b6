// The runtime's introspection, public side: Go-format dumps on request and on SIGQUIT, the inspector's
// snapshot on globalThis, goroutine leak checks for tests and at run time, lock-order checking.
// Everything that costs something is off unless the environment (or `enableInspection`) turns it on:
//
//   GOROUTINES_DEBUG=1          all of the below, plus park-site stacks (set by the VS Code debugger)
//   GOROUTINES_LOCKORDER=1      lock-order checking
//   GOROUTINES_LOCK_WAIT_MS=n   lock-order checking, plus a report for waits on a lock longer than n ms
//   GOROUTINES_LEAKS=1          run-time goroutine leak detection (from the garbage collector)
//   GOROUTINES_SIGQUIT=1        on SIGQUIT, print every goroutine to stderr and exit 2 (Go's behaviour)
import type { GoroutineRecord } from '../sched/record.js';
import { setStacks } from '../sched/sched.js';
import { formatDump, formatGoroutine, type DumpOptions } from './dump.js';
import { hooks, sources } from './hooks.js';
import { cutStrongPaths, findLeaks, unwatch, watchParked } from './leak.js';
import * as lockOrder from './lockorder.js';
import { SCHEMA_VERSION, type Snapshot } from './schema.js';
import { takeSnapshot, type SnapshotOptions } from './snapshot.js';
import { refreshThreads } from './threads.js';
import {
  currentGoroutine,
  liveGoroutines,
  noteHolder,
  objectId,
  recordProblem,
  seenGoroutines,
  threadGoroutines,
} from './state.js';

export { formatDump, formatGoroutine, parseStack, type DumpOptions, type Frame } from './dump.js';
export * from './schema.js';
export type { SnapshotOptions } from './snapshot.js';
export {
  verifyNone,
  leakcheck,
  currentGoroutineIds,
  GoroutineLeakError,
  type VerifyOptions,
  type GoroutineMatcher,
} from './leak.js';

function allGoroutines(): GoroutineRecord[] {
  const all = [...liveGoroutines()];
  if (threadGoroutines.size === 0) return all;
  for (const list of threadGoroutines.values()) all.push(...list);
  return all.sort((a, b) => a.id - b.id);
}

/**
 * Every goroutine (of every thread that publishes its own), in Go's dump format, like
 * `runtime.Stack(buf, true)`: the calling goroutine first, running, with the stack of this call.
 */
export function dump(options: DumpOptions = {}): string {
  const here = new Error('dump');
  Error.captureStackTrace(here, dump);
  const me = currentGoroutine();
  const all = allGoroutines();
  if (me === null) return formatDump(all, options);
  const others = all.filter((g) => g !== me);
  const running: GoroutineRecord = { ...me, state: 'running', waitReason: '' };
  const stackOf = (g: GoroutineRecord) => (g === running ? here : options.stackOf?.(g));
  return formatDump([running, ...others], { ...options, stackOf });
}

/**
 * The calling goroutine's stack in Go's format (`runtime.Stack(buf, false)`, `debug.Stack()`): its
 * header, where `stack()` was called from, and its creation site.
 */
export function stack(): string {
  const here = new Error('stack');
  Error.captureStackTrace(here, stack);
  const g: GoroutineRecord = currentGoroutine() ?? {
    id: 1,
    name: '',
    parentId: 0,
    thread: 0,
    state: 'running',
    waitReason: '',
    waitSince: 0,
    waitingOn: null,
    createdAt: undefined,
    parkedAt: undefined,
  };
  return formatGoroutine({ ...g, state: 'running', waitReason: '' }, { stackOf: () => here }) + '\n';
}

/** The inspector's snapshot of this process (schema.ts), with one page of goroutines in full. */
export function snapshot(options: SnapshotOptions = {}): Snapshot {
  return takeSnapshot(options);
}

export interface InspectOptions {
  /** Keep park-site stacks for dumps and the inspector. */
  stacks?: boolean;
  /** Give runtime objects ids and creation sites, and track lock holders, for the snapshot. */
  objects?: boolean;
  /** Check lock order (and recursive locking). */
  lockOrder?: boolean;
  /** With lock-order checking, report waits for a lock longer than this (ms); 0: never. */
  lockWaitMs?: number;
  /** Report goroutines the garbage collector proves can never be woken. */
  leaks?: boolean;
  /** Expose the snapshot on `globalThis[Symbol.for('goroutines.inspect')]`. */
  global?: boolean;
  /** Dump every goroutine to stderr and exit 2 on SIGQUIT. */
  signal?: boolean;
}

const on = { objects: false, lockOrder: false, leaks: false };

function creationSite(): Error {
  const e = new Error('created');
  // Formatted now: an unformatted V8 stack keeps its frames' receivers (the new object) alive.
  void e.stack;
  return e;
}

function installHooks(): void {
  // Without the scheduler's registry (a thread that runs no scheduler), keep our own.
  const track = sources.goroutines === null;
  hooks.goroutineCreated = (g) => {
    if (on.leaks) cutStrongPaths(g);
    if (track) seenGoroutines.set(g.id, g);
  };
  hooks.goroutineExited = (g) => {
    if (on.leaks) unwatch(g);
    if (track) seenGoroutines.delete(g.id);
  };
  hooks.readied = on.leaks ? unwatch : null;
  hooks.parkedWaiter = on.leaks ? watchParked : null;
  hooks.objectCreated = on.objects || on.lockOrder ? (obj) => void objectId(obj, creationSite()) : null;
  const locks = on.objects || on.lockOrder;
  hooks.lockAcquiring = on.lockOrder ? lockOrder.lockAcquiring : null;
  hooks.lockAcquired = locks
    ? (lock, kind, g) => {
        if (on.lockOrder) lockOrder.lockAcquired(lock, kind, g);
        else noteHolder(lock, kind, g, true);
      }
    : null;
  hooks.lockReleased = locks
    ? (lock, kind, g) => {
        if (on.lockOrder) lockOrder.lockReleased(lock, kind, g);
        else noteHolder(lock, kind, g, false);
      }
    : null;
}

/** The object the debugger finds on globalThis: everything returns JSON or text, for `evaluate`. */
export interface InspectGlobal {
  schemaVersion: number;
  snapshot(options?: SnapshotOptions): string;
  dump(options?: DumpOptions): string;
  /** Starts a search for leaked goroutines (full collections), or tells how search `round` goes (leak.ts). */
  findLeaks(round?: number): string;
}

export const inspectSymbol = Symbol.for('goroutines.inspect');

let signalInstalled = false;

function onSigquit(): void {
  // Go prints `SIGQUIT: quit`, the dump, and exits with status 2.
  process.stderr.write(`SIGQUIT: quit\n\n${dump()}`, () => process.exit(2));
}

/** Turns introspection features on (they cannot be turned off again, except stacks). */
export function enableInspection(options: InspectOptions): void {
  if (options.stacks) setStacks(true);
  if (options.objects) on.objects = true;
  if (options.lockOrder || (options.lockWaitMs ?? 0) > 0) on.lockOrder = true;
  if ((options.lockWaitMs ?? 0) > 0) lockOrder.lockOrderOptions.waitMs = options.lockWaitMs!;
  if (options.leaks) on.leaks = true;
  installHooks();
  if (options.global) {
    // A debug run stops at a deadlock before the process ends, with the deadlock among the problems,
    // so the inspector shows every goroutine where it is stuck.
    hooks.deadlocked = (blocked) => {
      recordProblem({
        kind: 'deadlock',
        message: 'all goroutines are asleep - deadlock!',
        goroutines: blocked.map((g) => g.id),
      });
      return true;
    };
    const api: InspectGlobal = {
      schemaVersion: SCHEMA_VERSION,
      // A debugger's evaluate is synchronous: worker threads answer asynchronously, so each call
      // shows what they last published and asks for the next, keeping them one fetch behind at most.
      snapshot: (o) => {
        refreshThreads();
        return JSON.stringify(takeSnapshot(o));
      },
      dump: (o) => {
        refreshThreads();
        return dump(o);
      },
      findLeaks: (round) => JSON.stringify(findLeaks(round)),
    };
    Object.defineProperty(globalThis, inspectSymbol, { value: api, configurable: true, writable: true });
  }
  if (options.signal && !signalInstalled && typeof process !== 'undefined' && process.platform !== 'win32') {
    signalInstalled = true;
    // Signal listeners do not keep the event loop alive, so the deadlock check at exit still runs.
    process.on('SIGQUIT', onSigquit);
  }
}

function fromEnvironment(): void {
  if (typeof process === 'undefined' || !process.env) return;
  const env = process.env;
  const debug = env.GOROUTINES_DEBUG === '1';
  const waitMs = Number(env.GOROUTINES_LOCK_WAIT_MS ?? 0);
  const options: InspectOptions = {
    stacks: debug,
    objects: debug,
    lockOrder: debug || env.GOROUTINES_LOCKORDER === '1',
    lockWaitMs: Number.isFinite(waitMs) && waitMs > 0 ? waitMs : 0,
    leaks: debug || env.GOROUTINES_LEAKS === '1',
    global: debug,
    signal: debug || env.GOROUTINES_SIGQUIT === '1',
  };
  if (Object.values(options).some((v) => v)) enableInspection(options);
}

fromEnvironment();
