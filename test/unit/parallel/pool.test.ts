// The pool: spelling and typing of parallel goroutines, placement, lifetime, instrumentation, and the
// failure behaviours, each as a child process where it ends the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import {
  go,
  goParallel,
  shared,
  workerGoroutines,
  poolStats,
  isWorkerFunction,
  WorkerError,
  UnclonableError,
  type SharedChan,
} from 'goroutines';
import { tasks, runFixture } from './helpers.js';

test('a worker function is a call that runs on a worker thread and returns its result', async () => {
  assert.equal(await tasks.add(2, 3), 5);
  const where = await tasks.whereAmI();
  assert.notEqual(where, threadId);
  assert.ok(isWorkerFunction(tasks.add));
  assert.ok(!isWorkerFunction(() => 1));
});

test('a call that throws on the worker rejects its caller with the error, the goroutine and the thread', async () => {
  await assert.rejects(tasks.boom('bad input'), (e: unknown) => {
    assert.ok(e instanceof WorkerError);
    assert.equal(e.message, 'bad input');
    assert.ok(e.goroutine > 1);
    assert.notEqual(e.thread, threadId);
    assert.match(e.stack ?? '', /fixtures\/tasks\.ts/);
    return true;
  });
});

test('go() of the scheduler runs a worker function as a goroutine too', async () => {
  const ch = shared.chan<unknown>(1);
  go(tasks.sendOne, ch, 'via go');
  assert.equal(await ch.recv(), 'via go');
});

test('goroutines spread over GOMAXPROCS threads, never more', async () => {
  const threads = new Set(
    await Promise.all(Array.from({ length: 8 }, () => tasks.spin(20))).then(() =>
      Promise.all(Array.from({ length: 8 }, () => tasks.whereAmI())),
    ),
  );
  const stats = poolStats();
  assert.ok(stats.started <= stats.size, `started ${stats.started} > GOMAXPROCS ${stats.size}`);
  assert.ok(threads.size >= 1 && threads.size <= stats.size);
});

test('arguments that cannot cross threads are refused at the spawn', async () => {
  class Session {
    #token = 't';
    token() {
      return this.#token;
    }
  }
  assert.throws(
    () => goParallel(tasks.sendOne, new Session() as unknown as SharedChan<unknown>, 1),
    UnclonableError,
  );
  await assert.rejects(tasks.add((() => 1) as unknown as number, 2), UnclonableError);
});

test('workerGoroutines() reports a parked worker goroutine with its wait reason', async () => {
  const ch = shared.chan<number>();
  goParallel(tasks.parkForever, ch);
  let rec;
  for (let i = 0; i < 50 && rec === undefined; i++) {
    rec = (await workerGoroutines()).find((r) => r.name === 'parkForever' && r.state === 'waiting');
    if (rec === undefined) await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(rec, 'no waiting parkForever goroutine reported');
  assert.equal(rec.waitReason, 'chan receive');
  assert.notEqual(rec.thread, 0);
  assert.match(rec.waitingOn ?? '', /shared chan/);
  assert.equal(rec.parentId, 1);
  await ch.send(1);
});

test('a worker goroutine that throws crashes the program like a Go panic, exit status 2', () => {
  const r = runFixture('panic.ts');
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.split('\n');
  assert.equal(lines[0], 'panic: boom from a worker');
  assert.match(lines[2]!, /^goroutine \d+ \[running, worker thread \d+\]:$/);
  assert.match(r.stderr, /at boom \(.*fixtures\/tasks\.ts:\d+:\d+\)/);
  assert.match(r.stderr, /created by go\(boom\) in goroutine 1\n\s+at .*fixtures\/panic\.ts:\d+:\d+/);
});

test('a worker function started with go() that throws crashes the program too, with the worker stack', () => {
  const r = runFixture('panic-go.ts');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^panic: boom through go\n/);
  assert.match(r.stderr, /fixtures\/tasks\.ts:\d+/);
});

test('a worker thread that exits is a fatal error naming it and its goroutines; nobody hangs on its mutex', () => {
  const r = runFixture('exit-in-worker.ts');
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /^fatal error: worker thread \d+ died: exited with code 7\nlost: goroutine \d+ \(die\)/,
  );
  assert.doesNotMatch(r.stdout, /unreachable/);
});

test('a worker thread out of memory is a fatal error naming the cause', () => {
  const r = runFixture('oom.ts');
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /^fatal error: worker thread \d+ died: .*out of memory\nlost: goroutine \d+ \(exhaustMemory\)/,
  );
});

test('goroutines on two workers that park and wake each other never lose a wake-up nor look deadlocked', () => {
  const r = runFixture('pipeline.ts');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '20 rounds\n');
});

test('the pool never keeps the process alive once no goroutine can run', () => {
  const r = runFixture('lifetime.ts');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'sum 42\nworkers 1 live 1\n');
});

test('main and worker goroutines all asleep on shared channels is Go’s deadlock', () => {
  const r = runFixture('deadlock.ts');
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan receive\]:/,
  );
  // The worker thread's goroutine is in the report too, with its wait.
  assert.match(r.stderr, /\n\ngoroutine \d+ "parkForever" \[chan receive\]:/);
});

test('plain JavaScript: the built runtime runs .mjs worker modules without tsx', () => {
  const dist = fileURLToPath(new URL('../../../runtime/dist/parallel/index.js', import.meta.url));
  assert.ok(existsSync(dist), 'runtime/dist is missing: run through scripts/test.mjs, which builds first');
  const r = runFixture('plain/main.mjs');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { square: 144, onWorker: true, sum: 5050 });
});
