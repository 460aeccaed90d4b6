// Shared by the parallel tests: the fixture module as worker functions, and running a program as a
// child process (for behaviour that ends the process).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { worker } from 'goroutines';

export const tasksUrl = new URL('./fixtures/tasks.ts', import.meta.url);
export const tasks = worker<typeof import('./fixtures/tasks.js')>(tasksUrl);

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run a fixture program under tsx with the development condition, as the test runner does. */
export function runFixture(name: string, env: Record<string, string> = {}): Ran {
  const file = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const args = name.endsWith('.ts') ? ['--conditions=development', '--import', 'tsx', file] : [file];
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
