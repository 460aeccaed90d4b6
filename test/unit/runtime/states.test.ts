// Goroutine states in deadlock dumps of normal runs (no GOROUTINES_DEBUG, so no AsyncLocalStorage):
// goroutines that blocked after doing some work must show their true wait reason, not [running].
// Each program runs as its own process; headers are compared exactly (creation sites are off).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runProgram } from './helpers.js';

const env = { GOROUTINES_STACKS: '0' };

/** The `goroutine N …:` headers of a dump, in order. */
function headers(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('goroutine '));
}

function deadlock(source: string): string[] {
  const r = runProgram(source, env);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^fatal error: all goroutines are asleep - deadlock!\n\n/);
  return headers(r.stderr);
}

describe('goroutine states in deadlock dumps without debug', () => {
  it('worker pool: workers ranging over a channel nobody closes, main in wg.wait()', () => {
    const h = deadlock(
      [
        "import { go, chan, WaitGroup } from 'goroutines';",
        'const jobs = chan<number>();',
        'const wg = new WaitGroup();',
        'for (let i = 0; i < 3; i++) {',
        '  wg.add(1);',
        "  go.named('worker', async () => {",
        '    for await (const j of jobs) void j;',
        '    wg.done();',
        '  });',
        '}',
        'for (let i = 0; i < 5; i++) await jobs.send(i);',
        'await wg.wait();',
        '',
      ].join('\n'),
    );
    assert.deepEqual(h, [
      'goroutine 1 [sync.WaitGroup.Wait]:',
      'goroutine 2 "worker" [chan receive]:',
      'goroutine 3 "worker" [chan receive]:',
      'goroutine 4 "worker" [chan receive]:',
    ]);
  });

  it('worker pool doing work (timers, a mutex, a result channel) before blocking', () => {
    const h = deadlock(
      [
        "import { go, chan, WaitGroup, sleep, Mutex } from 'goroutines';",
        'const jobs = chan<number>(2);',
        'const results = chan<number>();',
        'const wg = new WaitGroup();',
        'const mu = new Mutex();',
        'let total = 0;',
        'for (let i = 0; i < 4; i++) {',
        '  wg.go(async function worker() {',
        '    for await (const j of jobs) {',
        '      await sleep(1);',
        '      await mu.lock();',
        '      total += j;',
        '      mu.unlock();',
        '      await results.send(j);',
        '    }',
        '  });',
        '}',
        "go.named('collector', async () => { for (let k = 0; k < 10; k++) await results.recv(); });",
        'for (let i = 0; i < 10; i++) await jobs.send(i);',
        'await wg.wait();',
        '',
      ].join('\n'),
    );
    assert.deepEqual(h, [
      'goroutine 1 [sync.WaitGroup.Wait]:',
      'goroutine 2 "worker" [chan receive]:',
      'goroutine 3 "worker" [chan receive]:',
      'goroutine 4 "worker" [chan receive]:',
      'goroutine 5 "worker" [chan receive]:',
    ]);
  });

  for (const stages of [1, 2, 3]) {
    it(`pipeline of ${stages} stage(s) whose generator exits without closing`, () => {
      const h = deadlock(
        [
          "import { go, chan, type RecvChan } from 'goroutines';",
          'function gen(n: number): RecvChan<number> {',
          '  const out = chan<number>();',
          "  go.named('gen', async () => { for (let i = 0; i < n; i++) await out.send(i); });",
          '  return out;',
          '}',
          'function sq(inp: RecvChan<number>): RecvChan<number> {',
          '  const out = chan<number>();',
          "  go.named('sq', async () => { for await (const v of inp) await out.send(v * v); });",
          '  return out;',
          '}',
          'let c = gen(4);',
          `for (let s = 0; s < ${stages}; s++) c = sq(c);`,
          'let sum = 0;',
          'for await (const v of c) sum += v;',
          '',
        ].join('\n'),
      );
      const expected = ['goroutine 1 [chan receive]:'];
      for (let s = 0; s < stages; s++) expected.push(`goroutine ${3 + s} "sq" [chan receive]:`);
      assert.deepEqual(h, expected);
    });
  }

  it('mutex held by a goroutine blocked on a channel; main and contenders wait for the mutex', () => {
    const h = deadlock(
      [
        "import { go, chan, Mutex, sleep } from 'goroutines';",
        'const mu = new Mutex();',
        'const ready = chan<void>();',
        'const never = chan<number>();',
        "go.named('holder', async () => {",
        '  await mu.lock();',
        '  await ready.send();',
        '  await never.recv();',
        '  mu.unlock();',
        '});',
        'for (let i = 0; i < 2; i++)',
        "  go.named('contender', async () => { await sleep(1); await mu.lock(); mu.unlock(); });",
        'await ready.recv();',
        'await sleep(5);',
        'await mu.lock();',
        '',
      ].join('\n'),
    );
    assert.deepEqual(h, [
      'goroutine 1 [sync.Mutex.Lock]:',
      'goroutine 2 "holder" [chan receive]:',
      'goroutine 3 "contender" [sync.Mutex.Lock]:',
      'goroutine 4 "contender" [sync.Mutex.Lock]:',
    ]);
  });

  it('ping-pong partners that stop answering show their own waits', () => {
    const h = deadlock(
      [
        "import { go, chan } from 'goroutines';",
        'const ping = chan<number>();',
        'const pong = chan<number>();',
        "go.named('ponger', async () => {",
        '  for (;;) {',
        '    const v = (await ping.recv())!;',
        '    if (v === 100) { await ping.recv(); }',
        '    await pong.send(v + 1);',
        '  }',
        '});',
        'for (let i = 0; i <= 100; i += 2) { await ping.send(i); if (i < 100) await pong.recv(); }',
        'await pong.recv();',
        '',
      ].join('\n'),
    );
    assert.deepEqual(h, ['goroutine 1 [chan receive]:', 'goroutine 2 "ponger" [chan receive]:']);
  });
});
