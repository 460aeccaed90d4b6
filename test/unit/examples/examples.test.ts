// Runs every program in examples/ as a child process, the way a user runs it: each must exit with
// status 0, print its key lines, and leave no goroutine behind when it ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examplesDir = join(root, 'examples');
const leakProbe = join(dirname(fileURLToPath(import.meta.url)), 'leak-probe.ts');

/** Lines each example must print (whole lines, in any order among other output). */
const expected: Record<string, string[]> = {
  'circuit-breaker.ts': [
    'call 1: service unavailable (closed)',
    'call 2: service unavailable (open)',
    'call 3: circuit open (open)',
    'call 4: service unavailable (open)',
    'call 5: circuit open (open)',
    'call 6: ok (closed)',
    'concurrent calls succeeded: 5',
    'service attempts: 9',
  ],
  'cond.ts': ['taken: 1 2 3 4 5 6 7 8 9 10', 'each consumer saw its items in order: true'],
  'context-cancellation.ts': [
    'cache stopped: context canceled (request r-42)',
    'after cancelling cache, root: live',
    'db stopped: context canceled (request r-42)',
    'root: context.Canceled',
    'has deadline: true',
    'timeout: context deadline exceeded',
    'is DeadlineExceeded: true',
    'abort signal aborted: true',
  ],
  'errgroup.ts': [
    'first error: beta: not found',
    'group context: context canceled',
    'stopped early: alpha, gamma',
    'limited group: 6 tasks, at most 2 at once',
  ],
  'fan-out-fan-in.ts': ['received 20 cubes', 'sum of cubes 1..20 = 44100'],
  'fetch-deadline.ts': [
    'GET /alpha: 200 alpha ok',
    'GET /beta: 200 beta ok',
    'GET /slow: context deadline exceeded',
  ],
  'generator.ts': ['fibonacci: 0 1 1 2 3 5 8 13 21 34'],
  'graceful-shutdown.ts': [
    'received SIGTERM, shutting down',
    'all workers stopped',
    'jobs completed: all started',
    'accepted at least 5 jobs: true',
  ],
  'once.ts': ['loads: 1', 'callers: 5, same config: true', 'region: eu-west'],
  'pipeline.ts': ['fourth powers: 1 16 81 256', 'first two squares: 25 36'],
  'producer-consumer.ts': ['consumed 6 items', 'items: a-1 a-2 a-3 b-1 b-2 b-3', 'rate limited: yes'],
  'pub-sub.ts': [
    'logger received: user.created, user.updated, user.deleted',
    'metrics received: user.created, user.updated, user.deleted',
  ],
  'rwmutex.ts': [
    'reads: 20',
    'readers shared the lock: true',
    'a writer overlapped a reader: false',
    'final value written: true',
  ],
  'select-timeout.ts': [
    'fast query: fast answered',
    'slow query: timed out after 20 ms',
    'poll empty mailbox: nothing ready',
    'poll full mailbox: got hello',
  ],
  'semaphore.ts': [
    'collatz steps: 0 1 7 2 5 8 16 3 19 6 14 9',
    'at most 3 at once (limit 3)',
    'tryAcquire beyond the limit: false',
  ],
  'token-bucket.ts': [
    'served at once (burst): 3',
    'served after waiting for refills: 3',
    'refills paced: yes',
  ],
  'worker-pool.ts': ['results: 9', 'squares: 1 4 9 16 25 36 49 64 81', 'workers that did work: several'],
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runExample(path: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', '--import', leakProbe, path],
      { cwd: root, env: { ...process.env, GOROUTINES_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // A hung example fails its test instead of hanging the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.ts'))
  .sort();

describe('examples', { concurrency: 2 }, () => {
  it('lists the expected output of every example, and only of existing ones', () => {
    assert.deepEqual(Object.keys(expected).sort(), examples);
  });

  it('counts a goroutine left parked when the program ends', async () => {
    const run = await runExample(join(dirname(leakProbe), 'fixtures', 'leaky.ts'));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^goroutines left at exit: 1$/m);
    assert.match(run.stderr, /\[chan receive\]/);
  });

  for (const file of examples) {
    it(`${file} exits 0, prints its key lines and leaves no goroutine`, async () => {
      const run = await runExample(join(examplesDir, file));
      const context = `\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      assert.equal(run.status, 0, `exit status ${run.status}${context}`);
      const lines = run.stdout.split('\n');
      for (const line of expected[file] ?? [])
        assert.ok(lines.includes(line), `missing line "${line}"${context}`);
      const leak = /^goroutines left at exit: (\d+)$/m.exec(run.stderr);
      assert.ok(leak, `the leak probe did not report${context}`);
      assert.equal(Number(leak[1]), 0, `goroutines left at exit${context}`);
    });
  }
});
