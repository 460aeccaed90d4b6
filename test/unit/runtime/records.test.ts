// Goroutine records outside debug runs: a park is kept on its waiter and the record is derived from it
// when records are read, so what the records say must match what each goroutine really waits on, after
// long runs of operations that complete at once as well as after parks, selects and wake-ups.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chan, go, Mutex, recv, select, send } from 'goroutines';
import { getCurrent, goroutines, orphans } from '../../../runtime/src/sched/sched.js';
import { flush, runProgram } from './helpers.js';

function record(id: number) {
  return [...goroutines()].find((g) => g.id === id);
}

describe('records derived from parks', () => {
  it('a parked goroutine reads as waiting on its channel at once, and as running once it is woken', async () => {
    const ch = chan<number>();
    let id = 0;
    go(async () => {
      id = getCurrent()!.id;
      await ch.recv();
      await ch.recv();
    });
    await flush();
    let g = record(id)!;
    assert.equal(g.state, 'waiting');
    assert.equal(g.waitReason, 'chan receive');
    assert.equal(g.waitingOn, ch);
    assert.ok(g.waitSince > 0 && g.waitSince <= Date.now());
    await ch.send(1);
    // Woken and parked again within the same microtask burst: read at once, the record is current.
    await null;
    g = record(id)!;
    assert.equal(g.state, 'waiting');
    assert.equal(g.waitReason, 'chan receive');
    await ch.send(2);
    await flush();
    assert.equal(record(id), undefined);
    assert.equal(g.state, 'runnable');
    assert.equal(g.waitReason, '');
    assert.equal(g.waitingOn, null);
  });

  it('a held record is brought up to date when the time slice ends', async () => {
    const gate = chan<void>();
    const out = chan<void>();
    let self: ReturnType<typeof getCurrent> = null;
    go(async () => {
      self = getCurrent();
      await gate.recv();
      await out.send();
    });
    await flush();
    const g = self!;
    assert.equal(g.state, 'waiting');
    assert.equal(g.waitReason, 'chan receive');
    await gate.send();
    await flush();
    assert.equal(g.state, 'waiting');
    assert.equal(g.waitReason, 'chan send');
    assert.equal(g.waitingOn, out);
    await out.recv();
    await flush();
  });

  it('a select leaves no park behind once one of its cases ran', async () => {
    const a = chan<number>();
    const b = chan<number>();
    go(async () => {
      for (let i = 0; i < 600; i++) {
        await a.send(i);
        await null;
        await null;
      }
    });
    for (let i = 0; i < 600; i++) await select(recv(a), recv(b));
    assert.equal(orphans.length, 0);
    const g = getCurrent()!;
    assert.equal(g.state, 'running');
    assert.equal(g.waitReason, '');
  });

  it('after many operations that complete at once, each goroutine is attributed its own park', async () => {
    const data = chan<number>(64);
    const left = chan<void>();
    const right = chan<void>();
    const mu = new Mutex();
    const done = chan<void>();
    const ids: number[] = [];
    go.named('producer', async () => {
      ids[0] = getCurrent()!.id;
      for (let i = 0; i < 5000; i++) await data.send(i);
      data.close();
      await left.recv();
    });
    go.named('consumer', async () => {
      ids[1] = getCurrent()!.id;
      for await (const _ of data) {
        await mu.lock();
        mu.unlock();
      }
      done.close();
      await select(send(right, undefined), recv(chan<void>()));
    });
    await done.recv();
    await flush();
    const [p, c] = [record(ids[0]!)!, record(ids[1]!)!];
    assert.deepEqual(
      [p.name, p.state, p.waitReason, p.waitingOn === left],
      ['producer', 'waiting', 'chan receive', true],
    );
    assert.deepEqual([c.name, c.state, c.waitReason], ['consumer', 'waiting', 'select']);
    await right.recv();
    left.close();
    await flush();
  });

  it('a deadlock after a long exchange shows the wait of every goroutine', () => {
    const r = runProgram(
      [
        "import { go, chan, select, recv } from 'goroutines';",
        'const data = chan<number>(16);',
        'const quit = chan<void>();',
        'const never = chan<void>();',
        "go.named('producer', async () => {",
        '  for (let i = 0; i < 10000; i++) await data.send(i);',
        '  await never.send();',
        '});',
        "go.named('consumer', async () => {",
        '  for (let i = 0; i < 10000; i++) await select(recv(data), recv(quit));',
        '  await select(recv(quit), recv(chan<void>()));',
        '});',
        'await chan<number>().recv();',
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
        'goroutine 2 "producer" [chan send]:',
        'created by <anonymous> in goroutine 1',
        '\t<dir>/main.ts:5',
        '',
        'goroutine 3 "consumer" [select]:',
        'created by <anonymous> in goroutine 1',
        '\t<dir>/main.ts:9',
        '',
      ].join('\n'),
    );
  });
});
