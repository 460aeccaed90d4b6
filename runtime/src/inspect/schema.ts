// The inspector snapshot: what a running program reports about its goroutines, channels and locks, and
// the problems the runtime detected. This file is shared by the runtime (which produces snapshots) and
// the VS Code inspector (which imports this same file and validates what the debuggee sent), so it has
// no imports and no dependencies. Changing a field's meaning or removing one bumps SCHEMA_VERSION;
// adding an optional field does not.

export const SCHEMA_VERSION = 1;

/** One source location, innermost first in a stack. `file` is a path (or a URL for non-file schemes). */
export interface SnapshotFrame {
  fn: string;
  file: string;
  line: number;
  column: number;
}

export type SnapshotGoroutineState = 'running' | 'runnable' | 'waiting';

export interface SnapshotGoroutine {
  id: number;
  name: string;
  parentId: number;
  /** 0 for the main thread, the worker's threadId otherwise. */
  thread: number;
  state: SnapshotGoroutineState;
  /** Go's wait reason (`chan receive`, `sync.Mutex.Lock`…) while waiting, '' otherwise. */
  waitReason: string;
  /** Seconds spent waiting so far, 0 when not waiting. */
  waitingSeconds: number;
  /** Id of the channel / lock in this snapshot the goroutine waits on, null when none or unknown. */
  waitingOn: number | null;
  /** The `go(…)` call site and its callers; empty when not recorded. */
  createdAt: SnapshotFrame[];
  /** Where the goroutine parked; empty when not waiting or stacks are not kept. */
  parkedAt: SnapshotFrame[];
}

/** Goroutines with the same state, wait reason and sites, counted (used when a page cannot list them all). */
export interface SnapshotGoroutineGroup {
  count: number;
  state: SnapshotGoroutineState;
  waitReason: string;
  /** The longest wait in the group, in seconds. */
  maxWaitingSeconds: number;
  /** Up to a few ids from the group, to jump to one. */
  sampleIds: number[];
  createdAt: SnapshotFrame[];
  parkedAt: SnapshotFrame[];
}

export interface SnapshotChannel {
  id: number;
  /** The creation site as `file:line`, or a label given by the program. */
  label: string;
  createdAt: SnapshotFrame[];
  length: number;
  capacity: number;
  /** null when the runtime could not tell. */
  closed: boolean | null;
  /** Goroutine ids parked sending / receiving on the channel (including in a `select`). */
  sendWaiters: number[];
  recvWaiters: number[];
}

export type SnapshotLockKind = 'Mutex' | 'RWMutex' | 'WaitGroup' | 'Cond' | 'Once' | 'Semaphore' | 'other';

export interface SnapshotLock {
  id: number;
  kind: SnapshotLockKind;
  label: string;
  createdAt: SnapshotFrame[];
  /** The goroutine holding it exclusively, null when none or unknown. */
  holder: number | null;
  /** Goroutines holding an RWMutex for reading. */
  readHolders: number[];
  /** Goroutines parked on it. */
  waiters: number[];
}

/** A goroutine's part in a problem: which goroutine, and where. */
export interface SnapshotSite {
  goroutine: number;
  name: string;
  frames: SnapshotFrame[];
}

export type SnapshotProblem =
  | {
      kind: 'deadlock';
      message: string;
      goroutines: number[];
    }
  | {
      /** A goroutine parked on something nothing reachable can wake: it was garbage-collected. */
      kind: 'goroutine-leak';
      message: string;
      goroutine: number;
      name: string;
      waitReason: string;
      parkedAt: SnapshotFrame[];
      createdAt: SnapshotFrame[];
    }
  | {
      /** Two locks taken in both orders: `first` took a then b, `second` took b then a. */
      kind: 'lock-order';
      message: string;
      locks: [number, number];
      first: SnapshotSite;
      second: SnapshotSite;
    }
  | {
      /** A Mutex locked again by its holder, or an RWMutex read-locked again with a writer waiting. */
      kind: 'recursive-lock';
      message: string;
      lock: number;
      held: SnapshotSite;
      again: SnapshotSite;
    }
  | {
      kind: 'lock-wait';
      message: string;
      lock: number;
      waiter: SnapshotSite;
      holder: SnapshotSite | null;
      waitedMs: number;
    };

export interface Snapshot {
  schemaVersion: typeof SCHEMA_VERSION;
  /** `Date.now()` when taken. */
  takenAt: number;
  pid: number;
  totals: {
    goroutines: number;
    running: number;
    runnable: number;
    waiting: number;
    channels: number;
    locks: number;
  };
  /** The slice of goroutines listed in `goroutines` (sorted by id), out of `totals.goroutines`. */
  page: { offset: number; limit: number };
  goroutines: SnapshotGoroutine[];
  /** Every goroutine (not only the page) counted by state and sites; empty when not requested. */
  groups: SnapshotGoroutineGroup[];
  channels: SnapshotChannel[];
  locks: SnapshotLock[];
  problems: SnapshotProblem[];
}

export type ValidationResult = { ok: true; snapshot: Snapshot } | { ok: false; error: string };

// A tiny structural checker: each check returns an error message naming the path, or null.
type Check = (v: unknown, path: string) => string | null;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : `${p}: expected a number`);
const str: Check = (v, p) => (typeof v === 'string' ? null : `${p}: expected a string`);
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : `${p}: expected a boolean`);
const nullable =
  (c: Check): Check =>
  (v, p) =>
    v === null ? null : c(v, p);
const oneOf =
  (...values: string[]): Check =>
  (v, p) =>
    typeof v === 'string' && values.includes(v) ? null : `${p}: expected one of ${values.join(', ')}`;
const arrayOf =
  (c: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p}: expected an array`;
    for (let i = 0; i < v.length; i++) {
      const e = c(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  };
const shape =
  (fields: Record<string, Check>): Check =>
  (v, p) => {
    if (!isObj(v)) return `${p}: expected an object`;
    for (const [k, c] of Object.entries(fields)) {
      const e = c(v[k], `${p}.${k}`);
      if (e) return e;
    }
    return null;
  };

const frame = shape({ fn: str, file: str, line: num, column: num });
const frames = arrayOf(frame);
const ids = arrayOf(num);
const state = oneOf('running', 'runnable', 'waiting');
const site = shape({ goroutine: num, name: str, frames });

const goroutine = shape({
  id: num,
  name: str,
  parentId: num,
  thread: num,
  state,
  waitReason: str,
  waitingSeconds: num,
  waitingOn: nullable(num),
  createdAt: frames,
  parkedAt: frames,
});

const group = shape({
  count: num,
  state,
  waitReason: str,
  maxWaitingSeconds: num,
  sampleIds: ids,
  createdAt: frames,
  parkedAt: frames,
});

const channel = shape({
  id: num,
  label: str,
  createdAt: frames,
  length: num,
  capacity: num,
  closed: nullable(bool),
  sendWaiters: ids,
  recvWaiters: ids,
});

const lock = shape({
  id: num,
  kind: oneOf('Mutex', 'RWMutex', 'WaitGroup', 'Cond', 'Once', 'Semaphore', 'other'),
  label: str,
  createdAt: frames,
  holder: nullable(num),
  readHolders: ids,
  waiters: ids,
});

const problemShapes: Record<SnapshotProblem['kind'], Check> = {
  deadlock: shape({ message: str, goroutines: ids }),
  'goroutine-leak': shape({
    message: str,
    goroutine: num,
    name: str,
    waitReason: str,
    parkedAt: frames,
    createdAt: frames,
  }),
  'lock-order': shape({
    message: str,
    locks: (v, p) => (Array.isArray(v) && v.length === 2 ? ids(v, p) : `${p}: expected two lock ids`),
    first: site,
    second: site,
  }),
  'recursive-lock': shape({ message: str, lock: num, held: site, again: site }),
  'lock-wait': shape({ message: str, lock: num, waiter: site, holder: nullable(site), waitedMs: num }),
};

const problem: Check = (v, p) => {
  if (!isObj(v)) return `${p}: expected an object`;
  const c = problemShapes[v.kind as SnapshotProblem['kind']];
  // Problems of kinds added by a newer runtime are checked only for their message.
  return c ? c(v, p) : shape({ kind: str, message: str })(v, p);
};

const snapshotShape = shape({
  takenAt: num,
  pid: num,
  totals: shape({ goroutines: num, running: num, runnable: num, waiting: num, channels: num, locks: num }),
  page: shape({ offset: num, limit: num }),
  goroutines: arrayOf(goroutine),
  groups: arrayOf(group),
  channels: arrayOf(channel),
  locks: arrayOf(lock),
  problems: arrayOf(problem),
});

/**
 * Checks that `x` (a parsed snapshot, or its JSON text) is a snapshot of this schema version. Fields
 * this version does not know are allowed (a newer runtime may add optional ones); a different
 * `schemaVersion` is an error that says which versions were seen.
 */
export function validateSnapshot(x: unknown): ValidationResult {
  let v = x;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      return { ok: false, error: `snapshot is not JSON: ${(e as Error).message}` };
    }
  }
  if (!isObj(v)) return { ok: false, error: 'snapshot: expected an object' };
  if (v.schemaVersion !== SCHEMA_VERSION) {
    return {
      ok: false,
      error: `snapshot schema version ${JSON.stringify(v.schemaVersion)} is not supported (expected ${SCHEMA_VERSION})`,
    };
  }
  const error = snapshotShape(v, 'snapshot');
  return error ? { ok: false, error } : { ok: true, snapshot: v as unknown as Snapshot };
}
