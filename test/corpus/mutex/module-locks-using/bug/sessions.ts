// Session bookkeeping guarded by module-level locks: the sessions table, then the audit log.
import { Mutex } from 'goroutines';
import { appendAudit, auditMu } from './audit.js';

export const sessionsMu = new Mutex();
const sessions = new Map<string, number>();

export async function login(user: string): Promise<void> {
  using _s = await sessionsMu.lock();
  sessions.set(user, Date.now());
  using _a = await auditMu.lock(); // want "lock order sessionsMu → auditMu here, auditMu → sessionsMu in rotate\(\)"
  appendAudit(`login ${user}`);
}

export function activeSessions(): number {
  return sessions.size;
}
