// The audit log, rotated with a count of the active sessions.
import { Mutex } from 'goroutines';
import { activeSessions, sessionsMu } from './sessions.js';

export const auditMu = new Mutex();
const lines: string[] = [];

export function appendAudit(line: string): void {
  lines.push(line);
}

export async function rotate(): Promise<string[]> {
  using _a = await auditMu.lock();
  using _s = await sessionsMu.lock(); // want "lock order auditMu → sessionsMu here, sessionsMu → auditMu in login\(\)"
  const out = [...lines, `active ${activeSessions()}`];
  lines.length = 0;
  return out;
}
