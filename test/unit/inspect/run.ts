// Runs one of ./programs as a child process, the way a user runs a program, with the inspection
// variables given and the garbage collector exposed (the leak detector's tests force collections).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const programs = fileURLToPath(new URL('./programs/', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runProgram(name: string, env: Record<string, string>): Run {
  const file = programs + name;
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=development', '--import', 'tsx', file],
    {
      env: { ...process.env, GOROUTINES_DEBUG: '', GOROUTINES_LEAKS: '', GOROUTINES_LOCKORDER: '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The report blocks (between `==================` bars) of a program's stderr. */
export function reports(stderr: string): string[] {
  return [...stderr.matchAll(/==================\n([\s\S]*?)==================\n/g)].map((m) => m[1]!);
}
