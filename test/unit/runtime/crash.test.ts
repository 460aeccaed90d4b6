// How programs end: an uncaught throw in a goroutine is an unrecovered panic (Go's output, exit status 2),
// a program whose main goroutine can never continue is a deadlock (Go's message and a goroutine dump,
// exit status 2), and goroutines left parked after main finished are leaks (exit 0, as when Go's main
// returns). Each case runs as its own process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runProgram } from './helpers.js';

describe('panics', () => {
  it('an uncaught throw in a goroutine prints Go panic output and exits with status 2', () => {
    const r = runProgram(
      [
        "import { go, chan } from 'goroutines';",
        '',
        'function worker(n: number): void {',
        "  throw new Error('boom ' + n);",
        '}',
        "go.named('producer', worker, 7);",
        'await chan<void>().recv();',
        '',
      ].join('\n'),
    );
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      [
        'panic: boom 7',
        '',
        'goroutine 2 "producer" [running]:',
        'worker(...)',
        '\t<dir>/main.ts:4',
        'created by <anonymous> in goroutine 1',
        '\t<dir>/main.ts:6',
        '',
      ].join('\n'),
    );
    assert.equal(r.stdout, '');
  });

  it('a thrown non-Error value is printed as Go prints a panic value', () => {
    const r = runProgram(
      ["import { go } from 'goroutines';", "go(async () => { throw 'plain string'; });", ''].join('\n'),
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^panic: plain string\n\ngoroutine 2 \[running\]:\n/);
    assert.doesNotMatch(r.stderr, /UnhandledPromiseRejection|triggerUncaughtException/);
  });

  it('a runtime panic in the main goroutine ends the program the same way', () => {
    const r = runProgram(
      [
        "import { chan } from 'goroutines';",
        'const ch = chan<number>(1);',
        'ch.close();',
        'await ch.send(1);',
        '',
      ].join('\n'),
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^panic: send on closed channel\n\ngoroutine 1 \[running\]:\n/);
  });

  it('a send panic raised by close reaches the blocked sender goroutine', () => {
    const r = runProgram(
      [
        "import { go, chan, sleep } from 'goroutines';",
        'const ch = chan<number>();',
        "go.named('sender', async () => { await ch.send(1); });",
        'await sleep(5);',
        'ch.close();',
        'await sleep(1000);',
        '',
      ].join('\n'),
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^panic: send on closed channel\n\ngoroutine 2 "sender" \[running\]:\n/);
  });

  it('errgroup goroutines hand their error to wait() instead of crashing', () => {
    const r = runProgram(
      [
        "import { errgroup } from 'goroutines';",
        'const g = new errgroup.Group();',
        "g.go(async () => { throw new Error('task failed'); });",
        'try { await g.wait(); } catch (e) { console.log((e as Error).message); }',
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'task failed\n');
    assert.equal(r.status, 0);
  });
});

describe('deadlock', () => {
  it('main blocked in a top-level await with every goroutine parked: Go message, dump, status 2', () => {
    const r = runProgram(
      [
        "import { go, chan } from 'goroutines';",
        'const jobs = chan<number>();',
        'const results = chan<number>();',
        "go.named('worker', async () => { await jobs.recv(); });",
        'await results.recv();',
        '',
      ].join('\n'),
    );
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      [
        'fatal error: all goroutines are asleep - deadlock!',
        '',
        'goroutine 1 [chan receive]:',
        '',
        'goroutine 2 "worker" [chan receive]:',
        'created by <anonymous> in goroutine 1',
        '\t<dir>/main.ts:4',
        '',
      ].join('\n'),
    );
  });

  it('with GOROUTINES_DEBUG the dump has park sites, and an async main() without top-level await is caught', () => {
    const r = runProgram(
      [
        "import { chan } from 'goroutines';",
        'async function main(): Promise<void> {',
        '  const ch = chan<number>(1);',
        '  await ch.send(1);',
        '  await ch.send(2);',
        '}',
        'void main();',
        '',
      ].join('\n'),
      { GOROUTINES_DEBUG: '1' },
    );
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      [
        'fatal error: all goroutines are asleep - deadlock!',
        '',
        'goroutine 1 [chan send]:',
        'main(...)',
        '\t<dir>/main.ts:5',
        '',
      ].join('\n'),
    );
  });

  it('an async main() without top-level await that blocks with every goroutine is a deadlock', () => {
    const r = runProgram(
      [
        "import { go, chan } from 'goroutines';",
        'async function main(): Promise<void> {',
        '  const ch = chan<number>();',
        "  go.named('reader', async () => { await chan<number>().recv(); });",
        '  await ch.recv();',
        '}',
        'void main();',
        '',
      ].join('\n'),
    );
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan receive\]:\n/,
    );
    assert.match(r.stderr, /\ngoroutine 2 "reader" \[chan receive\]:\n/);
  });

  it('select() with no cases in main is a deadlock', () => {
    const r = runProgram(["import { select } from 'goroutines';", 'await select();', ''].join('\n'));
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [select (no cases)]:\n',
    );
  });

  it('a main waiting on a timer is not deadlocked', () => {
    const r = runProgram(
      ["import { after } from 'goroutines';", 'await after(20).recv();', "console.log('woke');", ''].join(
        '\n',
      ),
    );
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'woke\n');
    assert.equal(r.status, 0);
  });
});

describe('leaks', () => {
  it('goroutines that worked for a while and leaked after main finished do not make a deadlock', () => {
    const r = runProgram(
      [
        "import { go, chan, sleep, WaitGroup } from 'goroutines';",
        'const work = chan<number>();',
        'const wg = new WaitGroup();',
        'for (let i = 0; i < 3; i++) {',
        '  go(async () => {',
        '    for (;;) {',
        '      await sleep(1);',
        '      await work.recv();',
        '      wg.done();',
        '    }',
        '  });',
        '}',
        'async function main(): Promise<void> {',
        '  for (let i = 0; i < 6; i++) { wg.add(1); await work.send(i); }',
        '  await wg.wait();',
        "  console.log('main done');",
        '}',
        'void main();',
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'main done\n');
    assert.equal(r.status, 0);
  });

  it('goroutines still parked when main has finished are leaks: exit 0 as when Go main returns', () => {
    const r = runProgram(
      [
        "import { go, chan } from 'goroutines';",
        'const never = chan<number>();',
        'go(async () => { await never.recv(); });',
        "console.log('main done');",
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'main done\n');
    assert.equal(r.status, 0);
  });
});
