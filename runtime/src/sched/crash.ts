// How a program ends the Go way: an unrecovered panic in a goroutine prints `panic: …` and the
// goroutine's traceback and exits with status 2; a program whose main goroutine is parked on a runtime
// primitive when the event loop has nothing left to do prints Go's deadlock message and a goroutine dump
// and exits with status 2.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { formatDump, formatGoroutine } from '../inspect/dump.js';
import { hooks } from '../inspect/hooks.js';
import { PanicError } from '../panic.js';
import type { GoroutineRecord } from './record.js';
import {
  exactAttribution,
  type G,
  getCurrent,
  goroutines,
  main,
  onPanic,
  orphans,
  parkedCount,
  syncRecord,
} from './sched.js';

/** Go's exit status for an unrecovered panic and for fatal errors. */
export const EXIT_PANIC = 2;

function panicValueText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return String(err);
  } catch {
    return Object.prototype.toString.call(err);
  }
}

/** Go's panic output for `err` thrown out of goroutine `g`, as one string. */
export function formatPanic(g: G, err: unknown): string {
  syncRecord(g);
  const stack = err instanceof Error ? err : undefined;
  const state = g.state;
  g.state = 'running';
  const trace = formatGoroutine(g, { stackOf: () => stack ?? '' });
  g.state = state;
  return `panic: ${panicValueText(err)}\n\n${trace}\n`;
}

let dying = false;

/** Prints Go's panic output for `err` thrown out of goroutine `g` and ends the process with status 2. */
export function crash(g: G, err: unknown): never {
  if (!dying) {
    dying = true;
    writeSync(2, formatPanic(g, err));
  }
  process.exit(EXIT_PANIC);
}

onPanic.handler = crash;

/**
 * Whether the main goroutine is blocked. Debug runs know it exactly. Otherwise the main goroutine is
 * the entry module, blocked when its top-level await is still pending once the event loop is empty
 * (Node keeps its unsettled-top-level-await exit handler registered until the entry module settles)
 * while goroutines are parked on runtime primitives; or, literally "all goroutines are asleep", when
 * every live goroutine's record, goroutine 1's included, says it is parked (an `async main()` that
 * blocked). Records can be stale outside debug runs, but a goroutine that finished or is running
 * is not left marked as waiting on a wait that is still pending, so this does not misfire on leaks.
 */
function mainBlocked(): boolean {
  if (exactAttribution) return main.state === 'waiting';
  if (parkedCount() === 0) return false;
  if (process.listeners('exit').some((f) => f.name === 'handleProcessExit')) return true;
  for (const g of goroutines()) if (g.state !== 'waiting') return false;
  return true;
}

/**
 * The goroutines as the deadlock dump shows them. Nothing runs when the event loop has drained, so a
 * record that still says running belongs to a goroutine whose park was attributed to another one
 * (outside debug runs, see sched.ts): it gets the wait of a park whose recorded goroutine has moved on.
 */
export function blockedRecords(): GoroutineRecord[] {
  const out: GoroutineRecord[] = [];
  let next = 0;
  for (const g of goroutines()) {
    if (g.state === 'waiting' || next >= orphans.length) {
      out.push(g);
      continue;
    }
    const o = orphans[next++]!;
    out.push({
      id: g.id,
      name: g.name,
      parentId: g.parentId,
      thread: g.thread,
      createdAt: g.createdAt,
      state: 'waiting',
      waitReason: o.reason,
      waitSince: o.since,
      waitingOn: o.on,
      parkedAt: o.parkedAt,
    });
  }
  return out;
}

/**
 * Called when the event loop has drained, before the deadlock decision: each returns true if it gave
 * the loop more to do (time.ts re-references the timers that parked goroutines wait on).
 */
export const keepAlive: (() => boolean)[] = [];

function onBeforeExit(): void {
  let alive = false;
  for (const f of keepAlive) if (f()) alive = true;
  if (alive || !mainBlocked()) return;
  const blocked = blockedRecords();
  if (hooks.deadlocked !== null && hooks.deadlocked(blocked)) {
    // Debug runs only (the inspector installs the hook): an attached debugger pauses here, with every
    // goroutine still in place; without one this statement does nothing.
    // eslint-disable-next-line no-debugger
    debugger;
  }
  writeSync(2, 'fatal error: all goroutines are asleep - deadlock!\n\n' + formatDump(blocked));
  process.exit(EXIT_PANIC);
}

// A PanicError that escapes the main goroutine (top-level code or an un-awaited async main) ends the
// program as Go's panic does; other uncaught errors keep Node's own report.
function onUncaught(err: unknown): void {
  if (err instanceof PanicError && !dying) crash(getCurrent() ?? main, err);
}

if (typeof process !== 'undefined' && isMainThread) {
  process.on('beforeExit', onBeforeExit);
  process.on('uncaughtExceptionMonitor', onUncaught);
}
