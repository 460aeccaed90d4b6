// Text for the inspector's rows and for Go-format stacks built from a snapshot: the same words a Go
// programmer reads in a goroutine dump (`goroutine 7 "producer" [chan receive, 3 minutes]:`).
import { isRuntimeFile } from './model.js';
import type { Snapshot, SnapshotFrame, SnapshotGoroutine } from './schema.js';

/** A wait as the rows show it: `chan receive, 3s`, `select, 2m 5s`. */
export function waitLabel(reason: string, seconds: number): string {
  if (!reason) return '';
  return seconds > 0 ? `${reason}, ${duration(seconds)}` : reason;
}

export function duration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** What a row says about a goroutine after its id: its state, or its wait. */
export function stateLabel(g: Pick<SnapshotGoroutine, 'state' | 'waitReason' | 'waitingSeconds'>): string {
  return g.state === 'waiting' ? waitLabel(g.waitReason || 'waiting', g.waitingSeconds) : g.state;
}

export function goroutineTitle(g: Pick<SnapshotGoroutine, 'id' | 'name'>): string {
  return g.name ? `goroutine ${g.id} "${g.name}"` : `goroutine ${g.id}`;
}

export function frameLabel(f: SnapshotFrame): string {
  return `${f.fn || '<anonymous>'} (${baseName(f.file)}:${f.line})`;
}

export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}

// Go prints the wait only from one minute on, in whole minutes.
function dumpHeaderWait(g: SnapshotGoroutine): string {
  const reason = g.state === 'waiting' ? g.waitReason || 'waiting' : g.state;
  const minutes = Math.floor(g.waitingSeconds / 60);
  return minutes >= 1 ? `${reason}, ${minutes} minute${minutes === 1 ? '' : 's'}` : reason;
}

/**
 * One goroutine in Go's dump format (`runtime.Stack`), from its snapshot record: the runtime's own
 * `dump()` text for it, frames inside the runtime hidden as Go hides `runtime.gopark`.
 */
export function formatGoroutineStack(g: SnapshotGoroutine): string {
  const name = g.name ? ` "${g.name}"` : '';
  const lines = [`goroutine ${g.id}${name} [${dumpHeaderWait(g)}]:`];
  for (const f of g.parkedAt.filter((f) => !isRuntimeFile(f.file)))
    lines.push(`${f.fn || '<anonymous>'}(...)`, `\t${f.file}:${f.line}`);
  const creator = g.createdAt[0];
  if (creator && g.parentId > 0) {
    lines.push(
      `created by ${creator.fn || '<anonymous>'} in goroutine ${g.parentId}`,
      `\t${creator.file}:${creator.line}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Every goroutine the snapshot lists, in Go's dump format: used when the program can no longer be asked. */
export function formatSnapshotDump(snapshot: Snapshot): string {
  return snapshot.goroutines.map((g) => formatGoroutineStack(g)).join('\n');
}
