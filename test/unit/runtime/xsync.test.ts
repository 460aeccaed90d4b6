// golang.org/x/sync: errgroup, semaphore, singleflight, with translations of x/sync's tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chan, context, errgroup, Semaphore, SingleFlight, sleep, WaitGroup } from 'goroutines';
import { flush, track } from './helpers.js';

describe('errgroup', () => {
  // x/sync errgroup/errgroup_test.go TestZeroGroup: wait rejects with the first error only.
  it('wait rejects with the first error', async () => {
    const err1 = new Error('errgroup_test: 1');
    const err2 = new Error('errgroup_test: 2');
    const cases: { errs: (Error | null)[] }[] = [
      { errs: [] },
      { errs: [null] },
      { errs: [err1] },
      { errs: [err1, null] },
      { errs: [err1, null, err2] },
    ];
    for (const tc of cases) {
      const g = new errgroup.Group();
      let first: Error | null = null;
      for (const err of tc.errs) {
        // Each goroutine fails in turn, so "first" is well defined.
        await g.go(async () => {
          if (err !== null) throw err;
        });
        await flush();
        first ??= err;
      }
      if (first === null) await g.wait();
      else await assert.rejects(g.wait(), (e) => e === first);
    }
  });

  // x/sync errgroup/errgroup_test.go TestWithContext: the first error cancels the context.
  it('withContext: the first error cancels the context, and wait() cancels it too', async () => {
    const [g, ctx] = errgroup.withContext(context.background());
    const boom = new Error('boom');
    void g.go(async () => {
      throw boom;
    });
    void g.go(async () => {
      await ctx.done().recv();
    });
    await assert.rejects(g.wait(), (e) => e === boom);
    assert.equal(ctx.err(), context.Canceled);
    const [g2, ctx2] = errgroup.withContext(context.background());
    void g2.go(() => undefined);
    await g2.wait();
    assert.equal(ctx2.err(), context.Canceled);
  });

  // x/sync errgroup/errgroup_test.go TestGoLimit: never more than the limit active at once.
  it('setLimit bounds the active goroutines; go() starts the rest as slots free', async () => {
    const limit = 3;
    const g = new errgroup.Group();
    g.setLimit(limit);
    let active = 0;
    let max = 0;
    for (let i = 0; i < 20; i++) {
      void g.go(async () => {
        active++;
        max = Math.max(max, active);
        await sleep(1);
        active--;
      });
    }
    await g.wait();
    assert.equal(max, limit);
  });

  // x/sync errgroup/errgroup_test.go TestTryGo
  it('tryGo refuses when the limit is reached, and setLimit panics while goroutines run', async () => {
    const g = new errgroup.Group();
    g.setLimit(1);
    const gate = chan<void>();
    assert.equal(
      g.tryGo(() => gate.recv()),
      true,
    );
    assert.equal(
      g.tryGo(() => undefined),
      false,
    );
    assert.throws(() => g.setLimit(2), {
      name: 'PanicError',
      message: 'errgroup: modify limit while 1 goroutines in the group are still active',
    });
    gate.close();
    await g.wait();
    assert.equal(
      g.tryGo(() => undefined),
      true,
    );
    await g.wait();
  });
});

describe('Semaphore', () => {
  // x/sync semaphore/semaphore_test.go TestWeighted: concurrent acquirers never exceed the size.
  it('never holds more than its size', async () => {
    const n = 8;
    const sem = new Semaphore(n);
    let held = 0;
    let max = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 16; i++) {
      const w = (i % n) + 1;
      wg.go(async () => {
        for (let j = 0; j < 20; j++) {
          await sem.acquire(context.background(), w);
          held += w;
          max = Math.max(max, held);
          await flush(0);
          held -= w;
          sem.release(w);
        }
      });
    }
    await wg.wait();
    assert.ok(max <= n, `held ${max} > ${n}`);
    assert.equal(sem.held, 0);
  });

  // x/sync semaphore/semaphore_test.go TestWeightedPanic
  it('panics when released more than held', () => {
    const sem = new Semaphore(1);
    assert.throws(() => sem.release(1), {
      name: 'PanicError',
      message: 'semaphore: released more than held',
    });
  });

  // x/sync semaphore/semaphore_test.go TestWeightedTryAcquire
  it('tryAcquire takes tokens only when available', () => {
    const sem = new Semaphore(2);
    const tries: boolean[] = [];
    sem.acquire(context.background(), 1);
    tries.push(sem.tryAcquire(1));
    tries.push(sem.tryAcquire(1));
    sem.release(2);
    tries.push(sem.tryAcquire(1));
    sem.acquire(context.background(), 1);
    tries.push(sem.tryAcquire(1));
    assert.deepEqual(tries, [true, false, true, false]);
  });

  // x/sync semaphore/semaphore_test.go TestWeightedAcquire: a cancelled acquire holds nothing.
  it('acquire with a done context rejects with its error and holds nothing', async () => {
    const sem = new Semaphore(2);
    const [ctx, cancel] = context.withCancel(context.background());
    await sem.acquire(ctx, 1);
    cancel();
    await assert.rejects(sem.acquire(ctx, 1), (e) => e === context.Canceled);
    assert.equal(sem.held, 1);
    sem.release(1);
  });

  // x/sync semaphore/semaphore_test.go TestWeightedDoesntBlockIfTooBig
  it('a request larger than the size waits for its context without blocking others', async () => {
    const sem = new Semaphore(1);
    const [ctx, cancel] = context.withCancel(context.background());
    const big = sem.acquire(ctx, 2);
    await flush();
    assert.equal(sem.tryAcquire(1), true);
    sem.release(1);
    cancel();
    await assert.rejects(big, (e) => e === context.Canceled);
  });

  // x/sync semaphore/semaphore_test.go TestLargeAcquireDoesntStarve
  it('a large request at the head is not overtaken by small ones', async () => {
    const sem = new Semaphore(2);
    await sem.acquire(context.background(), 1);
    const large = track(sem.acquire(context.background(), 2));
    await flush();
    assert.equal(sem.tryAcquire(1), false, 'a small request overtook the waiting large one');
    sem.release(1);
    await flush();
    assert.equal(large(), 'fulfilled');
    sem.release(2);
  });

  // x/sync semaphore/semaphore_test.go TestAllocCancelDoesntStarve: cancelling the head waiter lets the
  // waiters behind it through.
  it('cancelling the head waiter wakes the ones behind it', async () => {
    const sem = new Semaphore(10);
    await sem.acquire(context.background(), 1);
    const [ctx, cancel] = context.withCancel(context.background());
    const head = sem.acquire(ctx, 10);
    await flush();
    const behind = track(sem.acquire(context.background(), 1));
    await flush();
    assert.equal(behind(), 'pending');
    cancel();
    await assert.rejects(head, (e) => e === context.Canceled);
    await flush();
    assert.equal(behind(), 'fulfilled');
    assert.equal(sem.held, 2);
  });

  it('never leaks a permit when the context is cancelled as the permit arrives', async () => {
    const sem = new Semaphore(1);
    await sem.acquire();
    const [ctx, cancel] = context.withCancel(context.background());
    const waiting = sem.acquire(ctx, 1);
    await flush();
    // The permit is granted, then the context is cancelled before the acquirer resumes.
    sem.release(1);
    cancel();
    await assert.rejects(waiting, (e) => e === context.Canceled);
    assert.equal(sem.held, 0);
    assert.equal(sem.tryAcquire(1), true);
  });
});

describe('SingleFlight', () => {
  // x/sync singleflight/singleflight_test.go TestDo / TestDoErr
  it('do returns the function result, or its error', async () => {
    const g = new SingleFlight();
    assert.equal(await g.do('key', () => 'bar'), 'bar');
    const someErr = new Error('Some error');
    await assert.rejects(
      g.do('key', () => {
        throw someErr;
      }),
      (e) => e === someErr,
    );
  });

  // x/sync singleflight/singleflight_test.go TestDoDupSuppress
  it('suppresses duplicate concurrent calls and reports them as shared', async () => {
    const g = new SingleFlight();
    const gate = chan<string>();
    let calls = 0;
    const fn = async (): Promise<string> => {
      calls++;
      return (await gate.recv())!;
    };
    const n = 10;
    const results = [];
    for (let i = 0; i < n; i++) results.push(g.doShared('key', fn));
    await flush();
    await gate.send('bar');
    for (const r of await Promise.all(results)) assert.deepEqual(r, ['bar', true]);
    assert.equal(calls, 1);
  });

  // x/sync singleflight/singleflight_test.go TestForget
  it('forget lets the next call run the function again', async () => {
    const g = new SingleFlight();
    const gate = chan<void>();
    let first = 0;
    const a = g.do('key', async () => {
      first++;
      await gate.recv();
      return 1;
    });
    await flush();
    g.forget('key');
    let second = 0;
    assert.equal(
      await g.do('key', () => {
        second++;
        return 2;
      }),
      2,
    );
    gate.close();
    assert.equal(await a, 1);
    assert.equal(first + second, 2);
  });
});
