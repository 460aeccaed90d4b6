// Goroutines of worker threads, as the main thread's dumps and snapshots see them. Each worker thread
// sends its records over (stacks as text, since Errors do not keep their frames across threads) and the
// main thread hands them here (parallel/records.ts `wireRecord` is the sending side); a thread's list
// replaces its previous one.
import type { GoroutineRecord } from '../sched/record.js';
import { threadGoroutines } from './state.js';

/** A goroutine record as it crosses threads: stacks may be text, `waitingOn` anything (it is not shown). */
export interface PublishedRecord {
  readonly id: number;
  readonly name: string;
  readonly parentId: number;
  readonly thread: number;
  readonly state: GoroutineRecord['state'];
  readonly waitReason: GoroutineRecord['waitReason'];
  readonly waitSince: number;
  readonly waitingOn?: unknown;
  readonly createdAt: Error | string | undefined;
  readonly parkedAt: Error | string | undefined;
}

const asStack = (s: Error | string | undefined): Error | undefined =>
  typeof s === 'string' ? ({ stack: s } as Error) : s;

/** Replaces what the main thread knows of `thread`'s goroutines (an empty list when the thread ends). */
export function publishThreadGoroutines(thread: number, records: Iterable<PublishedRecord>): void {
  const list: GoroutineRecord[] = [];
  for (const r of records) {
    list.push({
      id: r.id,
      name: r.name,
      parentId: r.parentId,
      thread: r.thread,
      state: r.state,
      waitReason: r.waitReason,
      waitSince: r.waitSince,
      waitingOn: null,
      createdAt: asStack(r.createdAt),
      parkedAt: asStack(r.parkedAt),
    });
  }
  if (list.length === 0) threadGoroutines.delete(thread);
  else threadGoroutines.set(thread, list);
}

let refresher: (() => void) | null = null;

/**
 * Registers how to ask every worker thread for fresh records (the worker pool does, when it starts).
 * The answer arrives asynchronously through publishThreadGoroutines.
 */
export function setThreadRefresher(refresh: () => void): void {
  refresher = refresh;
}

/** Asks the worker threads for fresh records, so that the next snapshot or dump includes them. */
export function refreshThreads(): void {
  if (refresher !== null) refresher();
}
