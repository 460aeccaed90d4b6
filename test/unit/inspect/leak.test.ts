// Goroutine leaks: goleak-style checks at the end of a test (in this process), and the run-time
// detector (in child processes that force garbage collections), on small programs with the blocking
// bugs of Tu et al., "Understanding Real-World Concurrency Bugs in Go" (ASPLOS'19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chan, go, sleep, verifyNone, leakcheck, GoroutineLeakError } from 'goroutines';
import { spawnSync } from 'node:child_process';
import { programs, reports, runProgram } from './run.js';

test('verifyNone passes when every goroutine has finished', async () => {
  const ch = chan<number>();
  go(async () => void (await ch.send(1)));
  await ch.recv();
  await verifyNone();
});

test('verifyNone waits for goroutines that are finishing', async () => {
  go.named('slow', async () => {
    await sleep(30);
  });
  await verifyNone({ maxWaitMs: 2000 });
});

test('verifyNone fails with a Go dump of the goroutines left behind, and honours its ignore options', async () => {
  const stuck = chan<number>();
  go.named('stuck', async function blocked() {
    await stuck.recv();
  });
  await sleep(1);
  const err = await verifyNone({ maxWaitMs: 20 }).then(
    () => assert.fail('expected a leak'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GoroutineLeakError);
  assert.deepEqual(
    err.goroutines.map((g) => g.name),
    ['stuck'],
  );
  assert.match(err.message, /^found unexpected goroutines:\n\ngoroutine \d+ "stuck" \[chan receive\]:\n/);
  assert.match(
    err.message,
    /\ncreated by TestContext\.<anonymous>( in goroutine \d+)?\n\t.*leak\.test\.ts:\d+\n$/,
  );

  await verifyNone({ maxWaitMs: 0, ignoreName: ['stuck'] });
  await verifyNone({ maxWaitMs: 0, ignoreName: [/^st/] });
  await verifyNone({ maxWaitMs: 0, ignoreCreatedAt: ['leak.test.ts'] });
  await verifyNone({ maxWaitMs: 0, ignoreIds: err.goroutines.map((g) => g.id) });
  await verifyNone({ maxWaitMs: 0, ignoreName: [(g) => g.waitReason === 'chan receive'] });
  await assert.rejects(verifyNone({ maxWaitMs: 0, ignoreName: ['stuc'] }), GoroutineLeakError);
  stuck.close();
  await verifyNone();
});

test('ignoreTopFunction matches the function the goroutine is parked in (needs park-site stacks)', async () => {
  const { enableInspection } = await import('goroutines');
  enableInspection({ stacks: true });
  const ch = chan<void>();
  async function pollLoop(): Promise<void> {
    await ch.recv();
  }
  go(pollLoop);
  await sleep(1);
  await verifyNone({ maxWaitMs: 0, ignoreTopFunction: ['pollLoop'] });
  await assert.rejects(verifyNone({ maxWaitMs: 0, ignoreTopFunction: ['other'] }), GoroutineLeakError);
  ch.close();
  await verifyNone();
});

test('leakcheck ignores what was running before and fails on what the test left', async () => {
  const old = chan<void>();
  go.named('before', async () => void (await old.recv()));
  const check = leakcheck({ maxWaitMs: 20 });
  await check();
  const left = chan<void>();
  go.named('left', async () => void (await left.recv()));
  await assert.rejects(
    check(),
    (e: GoroutineLeakError) => e.goroutines.length === 1 && e.goroutines[0]!.name === 'left',
  );
  old.close();
  left.close();
  await verifyNone();
});

test('run time: a receiver on a forgotten channel is reported as a leak, with its park and creation sites', () => {
  const r = runProgram('chan-orphan-receiver.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'main done\n');
  const file = programs + 'chan-orphan-receiver.ts';
  assert.deepEqual(reports(r.stderr), [
    [
      'WARNING: GOROUTINE LEAK',
      'nothing can wake it: what it waits on became unreachable',
      'goroutine 2 "watcher" [chan receive]:',
      '<anonymous>(...)',
      `\t${file}:9`,
      'created by startWatcher in goroutine 1',
      `\t${file}:8`,
      '',
    ].join('\n'),
  ]);
});

test('run time: without park-site stacks (GOROUTINES_LEAKS=1 alone) the report has the creation site', () => {
  const r = runProgram('chan-orphan-receiver.ts', { GOROUTINES_LEAKS: '1' });
  const file = programs + 'chan-orphan-receiver.ts';
  assert.deepEqual(reports(r.stderr), [
    [
      'WARNING: GOROUTINE LEAK',
      'nothing can wake it: what it waits on became unreachable',
      'goroutine 2 "watcher" [chan receive]:',
      'created by startWatcher in goroutine 1',
      `\t${file}:8`,
      '',
    ].join('\n'),
  ]);
});

test('run time: nothing is reported when the detector is off', () => {
  const r = runProgram('chan-orphan-receiver.ts', {});
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'main done\n');
});

test('run time: goroutines parked on reachable channels and timers are never reported', () => {
  const r = runProgram('chan-reachable.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.stdout.trim().split('\n').sort(), ['got 0', 'got 1', 'got 2', 'main done', 'slept']);
});

/** The `goroutine N "name" [reason]:` headers of a program's leak reports, sorted. */
function leaked(stderr: string): string[] {
  return reports(stderr)
    .filter((b) => b.startsWith('WARNING: GOROUTINE LEAK\n'))
    .map((b) => b.split('\n')[2]!)
    .sort();
}

test('run time, channel + context: the handler left sending after its caller timed out', () => {
  const r = runProgram('chan-context-timeout.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stdout, 'timeout\nmain done\n');
  assert.deepEqual(leaked(r.stderr), ['goroutine 2 "handler" [chan send]:']);
});

test('run time, Wait: the waiter of a WaitGroup whose done() was skipped', () => {
  const r = runProgram('waitgroup-missing-done.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stdout, 'main done\n');
  assert.deepEqual(leaked(r.stderr), ['goroutine 5 "batch-waiter" [sync.WaitGroup.Wait]:']);
});

test('run time, channel + lock: producer and consumer waiting for each other', () => {
  const r = runProgram('chan-and-lock.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stdout, 'main done\n');
  assert.deepEqual(leaked(r.stderr), [
    'goroutine 2 "producer" [chan send]:',
    'goroutine 3 "consumer" [sync.Mutex.Lock]:',
  ]);
});

test('run time, messages library: an errgroup producer abandoned by its failed consumer', () => {
  const r = runProgram('errgroup-abandoned-producer.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stdout, 'main done\n');
  // Go's errgroup.Wait waits for every goroutine, so the caller is stuck too.
  assert.deepEqual(leaked(r.stderr), [
    'goroutine 2 "main-loop" [sync.WaitGroup.Wait]:',
    'goroutine 3 [chan send]:',
  ]);
});

test('run time, Mutex: double locking is reported when it happens and the goroutine when collected', () => {
  const r = runProgram('mutex-double-lock.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.stdout, 'main done\n');
  const [recursive] = reports(r.stderr);
  assert.match(
    recursive!,
    /^WARNING: RECURSIVE LOCK\ngoroutine 2 "writer" locks Mutex #1 \(.*mutex-double-lock\.ts:7\), which it already holds/,
  );
  assert.match(
    recursive!,
    /\n {2}Cache\.size\(\.\.\.\)\n {2}\t.*mutex-double-lock\.ts:11\n {2}Cache\.put\(\.\.\.\)\n/,
  );
  assert.match(
    recursive!,
    /\nMutex #1 \(.*\) was acquired at:\n {2}Cache\.put\(\.\.\.\)\n {2}\t.*mutex-double-lock\.ts:20\n/,
  );
  assert.deepEqual(leaked(r.stderr), ['goroutine 2 "writer" [sync.Mutex.Lock]:']);
});

test('a leak search on request collects garbage (without --expose-gc) and reports the goroutines it proved stuck', () => {
  const run = spawnSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', programs + 'find-leaks.ts'],
    { env: { ...process.env, GOROUTINES_DEBUG: '1' }, encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as {
    first: { round: number; enabled: boolean; done: boolean; leaked: number[] };
    last: { round: number; done: boolean; leaked: number[] };
    problems: { kind: string; name?: string }[];
    gcOnGlobal: string;
  };
  assert.equal(out.first.enabled, true);
  assert.equal(out.first.done, false);
  assert.equal(out.last.round, out.first.round);
  assert.equal(out.last.done, true);
  assert.equal(out.last.leaked.length, 2);
  assert.deepEqual(out.problems.map((p) => `${p.kind} ${p.name}`).sort(), [
    'goroutine-leak pinger',
    'goroutine-leak ponger',
  ]);
  assert.equal(reports(run.stderr).length, 2);
  // The program's own global is left as it was.
  assert.equal(out.gcOnGlobal, 'undefined');
});

test('a leak search where leak detection is off says so and is over at once', () => {
  const program = `import { enableInspection } from 'goroutines';
enableInspection({ global: true });
console.log(globalThis[Symbol.for('goroutines.inspect')].findLeaks());`;
  const run = spawnSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', '--input-type=module', '-e', program],
    {
      env: { ...process.env, GOROUTINES_DEBUG: '', GOROUTINES_LEAKS: '' },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { round: 1, enabled: false, done: true, leaked: [] });
});
