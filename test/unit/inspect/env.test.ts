// What the environment variables turn on: the debugger's snapshot function on globalThis, and Go's
// SIGQUIT dump.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { programs, runProgram } from './run.js';

test('GOROUTINES_DEBUG=1 exposes the snapshot as JSON under Symbol.for("goroutines.inspect")', () => {
  const r = runProgram('global-snapshot.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stderr, '');
  assert.deepEqual(JSON.parse(r.stdout), {
    version: 1,
    // The main goroutine and the two workers blocked on the full buffer; the other three have finished.
    total: 3,
    waiting: 2,
    listed: 2,
    groups: [
      [2, 'waiting', 'chan send'],
      [1, 'running', ''],
    ],
    channel: [[4, 4, 2]],
  });
});

test('without GOROUTINES_DEBUG nothing is put on globalThis', () => {
  const r = runProgram('global-snapshot.ts', {});
  assert.equal(r.stdout, 'no inspect api\n');
});

function quit(
  env: Record<string, string>,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', programs + 'sigquit.ts'],
      {
        env: { ...process.env, GOROUTINES_DEBUG: '', GOROUTINES_SIGQUIT: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (d.includes('ready')) child.kill('SIGQUIT');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

test('GOROUTINES_SIGQUIT=1: SIGQUIT prints every goroutine to stderr and exits 2, like Go', async () => {
  const r = await quit({ GOROUTINES_SIGQUIT: '1' });
  assert.equal(r.code, 2);
  const file = programs + 'sigquit.ts';
  assert.equal(
    r.stderr,
    [
      'SIGQUIT: quit',
      '',
      'goroutine 1 [running]:',
      '',
      'goroutine 2 "server" [chan receive]:',
      `created by <anonymous> in goroutine 1`,
      `\t${file}:5`,
      '',
    ].join('\n'),
  );
});

test('without it SIGQUIT keeps its default action', async () => {
  const r = await quit({});
  assert.equal(r.signal, 'SIGQUIT');
  assert.equal(r.stderr, '');
});

test('the snapshot on globalThis lists goroutines parked on worker threads', () => {
  const r = runProgram('worker-snapshot.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout), ['waiting chan receive']);
});

test('a debug run stops at a deadlock before it ends, with the deadlock in the snapshot', () => {
  const r = runProgram('deadlock-debugger.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stdout, 'paused: deadlock of 3 goroutines\n');
  assert.match(
    r.stderr,
    /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[sync\.WaitGroup\.Wait\]:/,
  );
  assert.equal(r.status, 2);
});

test('outside debug runs a deadlock does not stop for a debugger', () => {
  const r = runProgram('deadlock-debugger.ts', {});
  assert.equal(r.stdout, '');
  assert.equal(r.status, 2);
});
