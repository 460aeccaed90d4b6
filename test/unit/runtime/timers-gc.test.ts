// Timer channels count only while a goroutine is blocked on them (Go 1.23, runtime/time.go: a timer
// channel's timer is in the heap only while a goroutine is blocked receiving from it): an abandoned
// `after()` does not hold the process, while a goroutine waiting on a timer channel keeps it alive and
// is never reported as deadlocked. Each program runs as its own process; a process held by a one-minute
// timer would be killed by runProgram's 30 s limit and fail the status check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runProgram } from './helpers.js';

function run(lines: string[]): { status: number | null; stdout: string; stderr: string } {
  return runProgram(lines.join('\n') + '\n', { GOROUTINES_STACKS: '0' });
}

describe('timer channels nobody waits on do not keep the process alive', () => {
  it('a select that takes a ready value over after(60000) exits at once', () => {
    const r = run([
      "import { chan, select, recv, after } from 'goroutines';",
      'const ch = chan<number>(1);',
      'await ch.send(7);',
      'const v = await select(recv(ch, (x) => x), recv(after(60_000), () => -1));',
      "console.log('got', v);",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'got 7\n');
  });

  it('a ticker left behind by a loop that stopped ranging over it does not hold the process', () => {
    const r = run([
      "import { tick, Timer } from 'goroutines';",
      'let n = 0;',
      'for await (const _ of tick(5)) if (++n === 3) break;',
      'new Timer(60_000);',
      "console.log('ticks', n);",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'ticks 3\n');
  });

  it('an abandoned after() does not hide a deadlock (Go 1.23 reports it at once)', () => {
    const r = run([
      "import { chan, select, recv, after } from 'goroutines';",
      'const ready = chan<number>(1);',
      'await ready.send(1);',
      'await select(recv(ready, () => 0), recv(after(60_000), () => 1));',
      'await chan<number>().recv();',
    ]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(
      r.stderr,
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n',
    );
  });
});

describe('timer channels a goroutine waits on keep the process alive', () => {
  it('main receiving from after() gets the value instead of a deadlock report', () => {
    const r = run([
      "import { after } from 'goroutines';",
      'const d = await after(20).recv();',
      "console.log(d instanceof Date ? 'fired' : 'no value');",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'fired\n');
  });

  it('a goroutine in a select with an after() case while main waits on a WaitGroup', () => {
    const r = run([
      "import { chan, select, recv, after, WaitGroup } from 'goroutines';",
      'const wg = new WaitGroup();',
      'const never = chan<number>();',
      'wg.go(async () => {',
      "  console.log(await select(recv(never, () => 'value'), recv(after(20), () => 'timeout')));",
      '});',
      'await wg.wait();',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'timeout\n');
  });

  it('a timer reset while a goroutine waits on it, and a ticker ranged over by a goroutine', () => {
    const r = run([
      "import { go, Ticker, Timer, WaitGroup } from 'goroutines';",
      'const t = new Timer(60_000);',
      'const tk = new Ticker(5);',
      'const wg = new WaitGroup();',
      "wg.go(async () => { await t.c.recv(); console.log('timer'); });",
      "wg.go(async () => { let n = 0; for await (const _ of tk.c) if (++n === 3) break; tk.stop(); console.log('ticker'); });",
      'go(async () => { t.reset(30); });',
      'await wg.wait();',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').sort(), ['', 'ticker', 'timer']);
  });

  it('afterFunc timers run their function even with nobody waiting', () => {
    const r = run(["import { afterFunc } from 'goroutines';", "afterFunc(20, () => console.log('ran'));"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'ran\n');
  });
});
