// Shared helpers for the runtime's tests: observe whether a promise has settled without timing, and let
// the scheduler run until nothing more can happen without a timer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs every queued microtask and run-queue step, and a few event-loop turns (no timers fire early). */
export async function flush(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Tracks a promise: `probe()` says 'pending', 'fulfilled' or 'rejected'. */
export function track(p: Promise<unknown>): () => 'pending' | 'fulfilled' | 'rejected' {
  let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  p.then(
    () => (state = 'fulfilled'),
    () => (state = 'rejected'),
  );
  return () => state;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `source` as an ES module program in a child process, the way users run TypeScript
 * (`node --conditions=development --import tsx`), with `goroutines` resolving to runtime/src.
 */
export function runProgram(source: string, env: Record<string, string> = {}): ChildResult {
  const dir = mkdtempSync(join(tmpdir(), 'goroutines-test-'));
  try {
    const file = join(dir, 'main.ts');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(file, source);
    const r = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', GOROUTINES_DEBUG: '', ...env },
      timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.replaceAll(dir, '<dir>') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
