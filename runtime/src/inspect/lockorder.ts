// Lock-order checking, after Linux's lockdep and go-deadlock: every "lock A held while acquiring lock B"
// is an edge A → B of a graph, remembered with both acquisition stacks. Acquiring B while holding A when
// B ⇝ A is already in the graph means two goroutines can each hold one lock and wait for the other:
// reported the first time it is seen, even if this run never actually deadlocks. Also reported: a
// goroutine locking a Mutex it holds (Go's Mutex is not reentrant), read-locking an RWMutex it already
// read-holds (blocks forever if a writer queues in between: Go's writer preference), and, when a
// threshold is set, waits for a lock longer than it, with the holder's stack.
//
// A lock's class is the lock object itself, labelled by its creation site.
import type { GoroutineRecord } from '../sched/record.js';
import { formatFrames, parseStack } from './dump.js';
import type { LockKind } from './hooks.js';
import type { SnapshotSite } from './schema.js';
import { holdersOf, noteHolder, objectId, recordProblem, trackedObject } from './state.js';

interface Held {
  /** Weak: a held lock must not stay reachable through the checker (the leak detector relies on it). */
  lock: WeakRef<object>;
  kind: LockKind;
  site: Error;
}

interface Edge {
  g: GoroutineRecord | null;
  /** Where `from` was acquired, and where `to` was being acquired while holding it. */
  heldSite: Error;
  site: Error;
}

export interface LockOrderOptions {
  /** Report waits for a lock longer than this many milliseconds (0: never). */
  waitMs: number;
  /** Where reports are written; stderr by default. */
  write: (text: string) => void;
}

const outside = {} as object;
const heldBy = new WeakMap<object, Held[]>();
const edges = new WeakMap<object, Map<object, Edge>>();
const reported = new WeakMap<object, WeakSet<object>>();
const waitTimers = new WeakMap<object, Map<object, ReturnType<typeof setTimeout>>>();

export const lockOrderOptions: LockOrderOptions = {
  waitMs: 0,
  write: (text) => process.stderr.write(text),
};

function heldList(g: GoroutineRecord | null): Held[] {
  const key = g ?? outside;
  let list = heldBy.get(key);
  if (!list) heldBy.set(key, (list = []));
  return list;
}

function kindName(lock: object): string {
  return (lock.constructor as { name?: string } | undefined)?.name || 'lock';
}

/** `Mutex #3 (/app/src/bank.ts:4)`: the lock's kind, snapshot id and creation site. */
export function lockLabel(lock: object): string {
  const f = parseStack(trackedObject(lock)?.createdAt)[0];
  return `${kindName(lock)} #${objectId(lock)}${f ? ` (${f.file}:${f.line})` : ''}`;
}

function who(g: GoroutineRecord | null): string {
  if (!g) return 'code outside any goroutine';
  return `goroutine ${g.id}${g.name ? ` ${JSON.stringify(g.name)}` : ''}`;
}

function site(g: GoroutineRecord | null, stack: Error): SnapshotSite {
  const frames = parseStack(stack).map(({ fn, file, line, column }) => ({ fn, file, line, column }));
  return { goroutine: g?.id ?? 0, name: g?.name ?? '', frames };
}

function stackLines(stack: Error): string[] {
  return formatFrames(parseStack(stack), '  ');
}

function report(title: string, ...sections: string[][]): void {
  const bar = '==================';
  const body = sections.map((s) => s.join('\n')).join('\n\n');
  lockOrderOptions.write(`${bar}\nWARNING: ${title}\n${body}\n${bar}\n`);
}

/** Whether `to` is reachable from `from` in the lock graph; returns the first edge of the path. */
function pathFrom(from: object, to: object): Edge | undefined {
  const first = edges.get(from);
  if (!first) return undefined;
  const seen = new Set<object>([from]);
  for (const [next, edge] of first) {
    const stack = [next];
    while (stack.length) {
      const at = stack.pop()!;
      if (at === to) return edge;
      if (seen.has(at)) continue;
      seen.add(at);
      for (const n of edges.get(at)?.keys() ?? []) stack.push(n);
    }
  }
  return undefined;
}

function checkRecursion(
  lock: object,
  kind: LockKind,
  g: GoroutineRecord | null,
  held: Held[],
  here: Error,
): void {
  const prior = held.find((h) => h.lock.deref() === lock);
  if (!prior) return;
  const shared = kind === 'rlock' && prior.kind === 'rlock';
  const label = lockLabel(lock);
  const message = shared
    ? `${who(g)} read-locks ${label} again: it deadlocks as soon as a writer waits between the two`
    : `${who(g)} locks ${label}, which it already holds: Go's locks are not reentrant, this waits forever`;
  recordProblem({
    kind: 'recursive-lock',
    message,
    lock: objectId(lock),
    held: site(g, prior.site),
    again: site(g, here),
  });
  report(
    shared ? 'RECURSIVE READ LOCK' : 'RECURSIVE LOCK',
    [message + ':', ...stackLines(here)],
    [`${label} was acquired at:`, ...stackLines(prior.site)],
  );
}

function checkOrder(lock: object, g: GoroutineRecord | null, held: Held[], here: Error): void {
  for (const h of held) {
    const from = h.lock.deref();
    if (from === undefined || from === lock) continue;
    let out = edges.get(from);
    if (out?.has(lock)) continue;
    const back = pathFrom(lock, from);
    if (!out) edges.set(from, (out = new Map()));
    out.set(lock, { g, heldSite: h.site, site: here });
    if (!back) continue;
    let done = reported.get(from);
    if (done?.has(lock)) continue;
    if (!done) reported.set(from, (done = new WeakSet()));
    done.add(lock);

    const a = lockLabel(from);
    const b = lockLabel(lock);
    const message = `lock order inversion: ${who(g)} acquires ${b} while holding ${a}; ${who(back.g)} acquired them in the opposite order`;
    recordProblem({
      kind: 'lock-order',
      message,
      locks: [objectId(from), objectId(lock)],
      first: site(back.g, back.site),
      second: site(g, here),
    });
    report(
      'LOCK ORDER INVERSION',
      [`${who(g)} acquires ${b} while holding ${a}:`, ...stackLines(here)],
      [`${a} was acquired at:`, ...stackLines(h.site)],
      [`earlier, ${who(back.g)} acquired a lock while holding ${b}:`, ...stackLines(back.site)],
      [`${b} was acquired at:`, ...stackLines(back.heldSite)],
    );
  }
}

function startWaitTimer(lock: object, g: GoroutineRecord | null, here: Error): void {
  const ms = lockOrderOptions.waitMs;
  const key = g ?? outside;
  const timer = setTimeout(() => {
    waitTimers.get(key)?.delete(lock);
    const h = holdersOf(lock);
    const holder = h.writer ?? h.readers.keys().next().value ?? null;
    const holderHeld = holder ? heldBy.get(holder)?.find((x) => x.lock.deref() === lock) : undefined;
    const label = lockLabel(lock);
    const message = `${who(g)} has waited more than ${ms} ms for ${label}${holder ? `, held by ${who(holder)}` : ''}`;
    recordProblem({
      kind: 'lock-wait',
      message,
      lock: objectId(lock),
      waiter: site(g, here),
      holder: holder && holderHeld ? site(holder, holderHeld.site) : null,
      waitedMs: ms,
    });
    const sections = [[message + ':', ...stackLines(here)]];
    if (holderHeld)
      sections.push([`${label} was acquired by ${who(holder)} at:`, ...stackLines(holderHeld.site)]);
    report('LONG LOCK WAIT', ...sections);
  }, ms);
  // A wait being watched must not keep the process alive, nor hide a deadlock at exit.
  (timer as { unref?: () => void }).unref?.();
  let timers = waitTimers.get(key);
  if (!timers) waitTimers.set(key, (timers = new Map()));
  timers.set(lock, timer);
}

/**
 * The lock hooks' work while lock-order checking is on. Code the scheduler cannot attribute to a
 * goroutine (g null) is not checked: unrelated async flows would share one list of held locks and
 * produce false reports.
 */
export function lockAcquiring(lock: object, kind: LockKind, g: GoroutineRecord | null): void {
  if (g === null) return;
  const held = heldList(g);
  const here = new Error('lock');
  // Formatted now: an unformatted V8 stack keeps its frames' receivers (this lock) alive.
  void here.stack;
  checkRecursion(lock, kind, g, held, here);
  checkOrder(lock, g, held, here);
  pending.set(g ?? outside, here);
  if (lockOrderOptions.waitMs > 0) startWaitTimer(lock, g, here);
}

const pending = new WeakMap<object, Error>();

export function lockAcquired(lock: object, kind: LockKind, g: GoroutineRecord | null): void {
  const key = g ?? outside;
  const timers = waitTimers.get(key);
  const timer = timers?.get(lock);
  if (timer !== undefined) {
    clearTimeout(timer);
    timers!.delete(lock);
  }
  noteHolder(lock, kind, g, true);
  if (g === null) return;
  const here = pending.get(key) ?? new Error('lock');
  pending.delete(key);
  void here.stack;
  heldList(g).push({ lock: new WeakRef(lock), kind, site: here });
}

export function lockReleased(lock: object, kind: LockKind, g: GoroutineRecord | null): void {
  // Go allows unlocking from another goroutine than the one that locked: release the holder's entry.
  const h = holdersOf(lock);
  const candidates = [g, ...(kind === 'rlock' ? h.readers.keys() : [h.writer])];
  noteHolder(
    lock,
    kind,
    kind === 'rlock' && g !== null && !h.readers.has(g) ? (h.readers.keys().next().value ?? g) : g,
    false,
  );
  for (const c of candidates) {
    const list = heldBy.get(c ?? outside);
    if (!list) continue;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]!.lock.deref() === lock && (list[i]!.kind === 'rlock') === (kind === 'rlock')) {
        list.splice(i, 1);
        return;
      }
    }
  }
}
