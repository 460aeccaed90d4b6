// Builds the inspector snapshot (schema.ts) from the live goroutine records, the tracked runtime objects
// and the goroutines published by worker threads. Only one page of goroutines gets its stacks parsed,
// and the summary groups key on cheap fields, so a snapshot of 100,000 goroutines stays fast.
import type { GoroutineRecord } from '../sched/record.js';
import { parseStack } from './dump.js';
import { describe, type ObjectDescription } from './hooks.js';
import {
  SCHEMA_VERSION,
  type Snapshot,
  type SnapshotChannel,
  type SnapshotFrame,
  type SnapshotGoroutine,
  type SnapshotGoroutineGroup,
  type SnapshotLock,
  type SnapshotLockKind,
} from './schema.js';
import { holders, liveGoroutines, liveObjects, objectId, problems, threadGoroutines } from './state.js';

export interface SnapshotOptions {
  /** First goroutine (by position in id order) to list in full. */
  offset?: number;
  /** How many goroutines to list in full; default 500. */
  limit?: number;
  /** Count every goroutine in groups; default: only when they do not all fit in the page. */
  groups?: boolean;
  /** Time "now"; defaults to Date.now(). */
  now?: number;
}

const lockKinds: readonly SnapshotLockKind[] = ['Mutex', 'RWMutex', 'WaitGroup', 'Cond', 'Once', 'Semaphore'];

export function framesOf(stack: Error | string | undefined): SnapshotFrame[] {
  return parseStack(stack).map(({ fn, file, line, column }) => ({ fn, file, line, column }));
}

function waitingSeconds(g: GoroutineRecord, now: number): number {
  return g.state === 'waiting' && g.waitSince > 0 ? Math.max(0, Math.floor((now - g.waitSince) / 1000)) : 0;
}

/** One goroutine in snapshot form (also what a worker thread publishes for its goroutines). */
export function describeGoroutine(g: GoroutineRecord, now = Date.now()): SnapshotGoroutine {
  return {
    id: g.id,
    name: g.name,
    parentId: g.parentId,
    thread: g.thread,
    state: g.state,
    waitReason: g.state === 'waiting' ? g.waitReason : '',
    waitingSeconds: waitingSeconds(g, now),
    waitingOn: g.state === 'waiting' && g.waitingOn ? objectId(g.waitingOn) : null,
    createdAt: framesOf(g.createdAt),
    parkedAt: g.state === 'waiting' ? framesOf(g.parkedAt) : [],
  };
}

function describeObject(obj: object): ObjectDescription | undefined {
  const fn = (obj as { [describe]?: () => ObjectDescription })[describe];
  return typeof fn === 'function' ? fn.call(obj) : undefined;
}

function kindOf(obj: object, d: ObjectDescription | undefined): 'chan' | SnapshotLockKind {
  if (d?.kind) return d.kind;
  const name = (obj.constructor as { name?: string } | undefined)?.name ?? '';
  if (name === 'Chan' || typeof (obj as { capacity?: unknown }).capacity === 'number') return 'chan';
  return (lockKinds as readonly string[]).includes(name) ? (name as SnapshotLockKind) : 'other';
}

const idsOf = (gs: Iterable<GoroutineRecord> | undefined): number[] | undefined =>
  gs ? [...gs].map((g) => g.id) : undefined;

const waitingFor = (gs: GoroutineRecord[], reason: string): number[] =>
  gs.filter((g) => g.waitReason.startsWith(reason)).map((g) => g.id);

function label(createdAt: Error | undefined): string {
  const f = parseStack(createdAt)[0];
  return f ? `${f.file}:${f.line}` : '';
}

/** The snapshot itself; `snapshotJSON` is what the debugger evaluates. */
export function takeSnapshot(options: SnapshotOptions = {}): Snapshot {
  const now = options.now ?? Date.now();
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 500));

  const all = [...liveGoroutines()];
  if (threadGoroutines.size > 0) {
    for (const list of threadGoroutines.values()) for (const g of list) all.push(g);
    all.sort((a, b) => a.id - b.id);
  }
  const total = all.length;
  const totals = { goroutines: total, running: 0, runnable: 0, waiting: 0, channels: 0, locks: 0 };
  for (const g of all) {
    if (g.state === 'waiting') totals.waiting++;
    else if (g.state === 'running') totals.running++;
    else totals.runnable++;
  }

  // Who waits on what, from the records: the fallback for objects that do not describe themselves,
  // built on first need (the runtime's own primitives describe themselves).
  let waitersOn: Map<object, GoroutineRecord[]> | null = null;
  const waitersOf = (obj: object): GoroutineRecord[] => {
    if (waitersOn === null) {
      waitersOn = new Map();
      for (const g of all) {
        const on = g.state === 'waiting' ? g.waitingOn : null;
        if (on === null) continue;
        const list = waitersOn.get(on);
        if (list) list.push(g);
        else waitersOn.set(on, [g]);
      }
    }
    return waitersOn.get(obj) ?? [];
  };

  // The page, in id order across threads; only its goroutines are described in full.
  const goroutines = all.slice(offset, offset + limit).map((g) => describeGoroutine(g, now));

  const groups: SnapshotGoroutineGroup[] = [];
  if (options.groups ?? total > goroutines.length) {
    // Keyed by what costs nothing to read; a group's sites are those of its first member.
    const byKey = new Map<string, { group: SnapshotGoroutineGroup; first: GoroutineRecord }>();
    for (const g of all) {
      const reason = g.state === 'waiting' ? g.waitReason : '';
      const key = `${g.thread}\0${g.state}\0${reason}\0${g.name}`;
      const secs = waitingSeconds(g, now);
      const found = byKey.get(key);
      if (found) {
        found.group.count++;
        if (secs > found.group.maxWaitingSeconds) found.group.maxWaitingSeconds = secs;
        if (found.group.sampleIds.length < 5) found.group.sampleIds.push(g.id);
      } else {
        const group: SnapshotGoroutineGroup = {
          count: 1,
          state: g.state,
          waitReason: reason,
          maxWaitingSeconds: secs,
          sampleIds: [g.id],
          createdAt: [],
          parkedAt: [],
        };
        byKey.set(key, { group, first: g });
      }
    }
    for (const { group, first } of byKey.values()) {
      const s = describeGoroutine(first, now);
      group.createdAt = s.createdAt;
      group.parkedAt = s.parkedAt;
      groups.push(group);
    }
    groups.sort((a, b) => b.count - a.count);
  }

  const channels: SnapshotChannel[] = [];
  const locks: SnapshotLock[] = [];
  for (const [obj, t] of liveObjects()) {
    const d = describeObject(obj);
    const kind = kindOf(obj, d);
    const createdAt = framesOf(t.createdAt);
    if (kind === 'chan') {
      const c = obj as { length?: unknown; capacity?: unknown; closed?: unknown };
      channels.push({
        id: t.id,
        label: label(t.createdAt),
        createdAt,
        length: typeof c.length === 'number' ? c.length : 0,
        capacity: typeof c.capacity === 'number' ? c.capacity : 0,
        closed: d?.closed ?? (typeof c.closed === 'boolean' ? c.closed : null),
        sendWaiters: idsOf(d?.sendWaiters) ?? waitingFor(waitersOf(obj), 'chan send'),
        recvWaiters: idsOf(d?.recvWaiters) ?? waitingFor(waitersOf(obj), 'chan receive'),
      });
    } else {
      const h = holders.get(obj);
      locks.push({
        id: t.id,
        kind,
        label: label(t.createdAt),
        createdAt,
        holder: d?.holder !== undefined ? (d.holder?.id ?? null) : (h?.writer?.id ?? null),
        readHolders: idsOf(d?.readHolders) ?? (h ? [...h.readers.keys()].map((g) => g.id) : []),
        waiters: idsOf(d?.waiters) ?? waitersOf(obj).map((g) => g.id),
      });
    }
  }
  totals.channels = channels.length;
  totals.locks = locks.length;

  return {
    schemaVersion: SCHEMA_VERSION,
    takenAt: now,
    pid: typeof process !== 'undefined' ? process.pid : 0,
    totals,
    page: { offset, limit },
    goroutines,
    groups,
    channels,
    locks,
    problems: [...problems],
  };
}
