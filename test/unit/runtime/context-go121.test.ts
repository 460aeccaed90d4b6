// Go 1.21 additions: context.WithCancelCause / Cause / WithDeadlineCause / WithTimeoutCause /
// AfterFunc / WithoutCancel, and sync.OnceFunc / OnceValue. Translations of golang/go
// context/context_test.go (XTestCause, XTestWithoutCancel), context/afterfunc_test.go and
// sync/oncefunc_test.go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chan,
  context,
  onceFunc,
  onceValue,
  otherwise,
  PanicError,
  recv,
  select,
  type Context,
} from 'goroutines';
import { flush } from './helpers.js';

const isDone = (ctx: Context): Promise<boolean> =>
  select(
    recv(ctx.done(), () => true),
    otherwise(() => false),
  );

const bg = context.background();

describe('context.cause (golang/go context_test.go XTestCause)', () => {
  const causeErr = new Error('cause');
  const parentCause = new Error('parent cause');
  const childCause = new Error('child cause');
  const finishedEarly = new Error('finished early');
  const tooSlow = new Error('too slow');
  const cases: { name: string; ctx: () => Context; err: Error | null; cause: unknown }[] = [
    { name: 'no error', ctx: () => bg, err: null, cause: null },
    {
      name: 'simple canceled',
      ctx: () => {
        const [c, cancel] = context.withCancel(bg);
        cancel();
        return c;
      },
      err: context.Canceled,
      cause: context.Canceled,
    },
    {
      name: 'simple timeout',
      ctx: () => context.withTimeout(bg, 0)[0],
      err: context.DeadlineExceeded,
      cause: context.DeadlineExceeded,
    },
    {
      name: 'canceled parent',
      ctx: () => {
        const [p, cancel] = context.withCancel(bg);
        const [c] = context.withCancel(p);
        cancel();
        return c;
      },
      err: context.Canceled,
      cause: context.Canceled,
    },
    {
      name: 'timeout parent',
      ctx: () => context.withCancel(context.withTimeout(bg, 0)[0])[0],
      err: context.DeadlineExceeded,
      cause: context.DeadlineExceeded,
    },
    {
      name: 'WithCancelCause',
      ctx: () => {
        const [c, cancel] = context.withCancelCause(bg);
        cancel(causeErr);
        return c;
      },
      err: context.Canceled,
      cause: causeErr,
    },
    {
      name: 'WithCancelCause nil',
      ctx: () => {
        const [c, cancel] = context.withCancelCause(bg);
        cancel(null);
        return c;
      },
      err: context.Canceled,
      cause: context.Canceled,
    },
    {
      name: 'WithCancelCause: parent cause before child',
      ctx: () => {
        const [p, cancelP] = context.withCancelCause(bg);
        const [c, cancelC] = context.withCancelCause(p);
        cancelP(parentCause);
        cancelC(childCause);
        return c;
      },
      err: context.Canceled,
      cause: parentCause,
    },
    {
      name: 'WithCancelCause: parent cause after child',
      ctx: () => {
        const [p, cancelP] = context.withCancelCause(bg);
        const [c, cancelC] = context.withCancelCause(p);
        cancelC(childCause);
        cancelP(parentCause);
        return c;
      },
      err: context.Canceled,
      cause: childCause,
    },
    {
      name: 'WithCancelCause: parent cause before nil',
      ctx: () => {
        const [p, cancelP] = context.withCancelCause(bg);
        const [c] = context.withCancel(p);
        cancelP(parentCause);
        return c;
      },
      err: context.Canceled,
      cause: parentCause,
    },
    {
      name: 'WithCancelCause: parent cause reaches a value child',
      ctx: () => {
        const [p, cancelP] = context.withCancelCause(bg);
        const v = context.withValue(p, 'k', 'v');
        cancelP(parentCause);
        return v;
      },
      err: context.Canceled,
      cause: parentCause,
    },
    {
      name: 'WithCancelCause: canceled twice keeps the first cause',
      ctx: () => {
        const [c, cancel] = context.withCancelCause(bg);
        cancel(causeErr);
        cancel(childCause);
        return c;
      },
      err: context.Canceled,
      cause: causeErr,
    },
    {
      name: 'WithTimeoutCause',
      ctx: () => context.withTimeoutCause(bg, 0, tooSlow)[0],
      err: context.DeadlineExceeded,
      cause: tooSlow,
    },
    {
      name: 'WithTimeoutCause canceled after expiry',
      ctx: () => {
        const [c, cancel] = context.withTimeoutCause(bg, 0, tooSlow);
        cancel();
        return c;
      },
      err: context.DeadlineExceeded,
      cause: tooSlow,
    },
    {
      name: 'WithTimeoutCause canceled before expiry',
      ctx: () => {
        const [c, cancel] = context.withTimeoutCause(bg, 60_000, tooSlow);
        cancel();
        return c;
      },
      err: context.Canceled,
      cause: context.Canceled,
    },
    {
      name: 'WithTimeoutCause stacked',
      ctx: () => {
        const [p, cancel] = context.withCancelCause(bg);
        const [c] = context.withTimeoutCause(p, 0, tooSlow);
        cancel(finishedEarly);
        return c;
      },
      err: context.DeadlineExceeded,
      cause: tooSlow,
    },
    {
      name: 'WithTimeoutCause stacked canceled',
      ctx: () => {
        const [p, cancel] = context.withCancelCause(bg);
        cancel(finishedEarly);
        return context.withTimeoutCause(p, 0, tooSlow)[0];
      },
      err: context.Canceled,
      cause: finishedEarly,
    },
    {
      name: 'WithDeadlineCause in the past',
      ctx: () => context.withDeadlineCause(bg, new Date(Date.now() - 1000), tooSlow)[0],
      err: context.DeadlineExceeded,
      cause: tooSlow,
    },
    { name: 'WithoutCancel', ctx: () => context.withoutCancel(bg), err: null, cause: null },
    {
      name: 'WithoutCancel canceled',
      ctx: () => {
        const [p, cancel] = context.withCancelCause(bg);
        const c = context.withoutCancel(p);
        cancel(finishedEarly);
        return c;
      },
      err: null,
      cause: null,
    },
    {
      name: 'WithoutCancel repeated',
      ctx: () => {
        const [p, cancel] = context.withCancelCause(bg);
        const c = context.withoutCancel(context.withoutCancel(p));
        cancel(finishedEarly);
        return c;
      },
      err: null,
      cause: null,
    },
    {
      name: 'WithoutCancel canceled child',
      ctx: () => {
        const [p, cancelP] = context.withCancelCause(bg);
        const [c, cancel] = context.withCancelCause(context.withoutCancel(p));
        cancelP(finishedEarly);
        cancel(childCause);
        return c;
      },
      err: context.Canceled,
      cause: childCause,
    },
    {
      name: 'live cancel context',
      ctx: () => context.withCancelCause(bg)[0],
      err: null,
      cause: null,
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const ctx = tc.ctx();
      assert.equal(ctx.err(), tc.err);
      assert.equal(context.cause(ctx), tc.cause);
    });
  }

  it('a deadline cause arrives when the timer fires', async () => {
    const [c, cancel] = context.withTimeoutCause(bg, 5, tooSlow);
    assert.equal(context.cause(c), null);
    await c.done().recv();
    assert.equal(c.err(), context.DeadlineExceeded);
    assert.equal(context.cause(c), tooSlow);
    cancel();
    assert.equal(context.cause(c), tooSlow);
  });

  it('a foreign Context is followed with its cause', async () => {
    const [p, cancelP] = context.withCancelCause(bg);
    // A Context implemented outside the package, delegating to p.
    const foreign: Context = {
      done: () => p.done(),
      err: () => p.err(),
      value: (k) => p.value(k),
      deadline: () => p.deadline(),
      get signal() {
        return p.signal;
      },
    };
    const [c] = context.withCancel(foreign);
    cancelP(parentCause);
    await flush();
    assert.equal(c.err(), context.Canceled);
    assert.equal(context.cause(c), parentCause);
  });
});

describe('context.withoutCancel (golang/go context_test.go XTestWithoutCancel)', () => {
  it('keeps the values and drops cancellation and deadline', async () => {
    const key = {};
    const [p, cancel] = context.withTimeout(context.withValue(bg, key, 'value'), 60_000);
    const c = context.withoutCancel(p);
    cancel();
    assert.equal(p.err(), context.Canceled);
    assert.equal(c.err(), null);
    assert.equal(await isDone(c), false);
    assert.equal(c.signal.aborted, false);
    assert.deepEqual(c.deadline(), [undefined, false]);
    assert.equal(c.value(key), 'value');
  });

  it('children of a withoutCancel context are cancelled by their own cancel only', async () => {
    const [p, cancelP] = context.withCancel(bg);
    const [c, cancel] = context.withCancel(context.withoutCancel(p));
    cancelP();
    await flush();
    assert.equal(c.err(), null);
    cancel();
    assert.equal(c.err(), context.Canceled);
  });
});

describe('context.afterFunc (golang/go context/afterfunc_test.go)', () => {
  // TestAfterFuncCalledAfterCancel
  it('f runs in its own goroutine after the context is cancelled', async () => {
    const [ctx, cancel] = context.withCancel(bg);
    const ran = chan<void>(1);
    context.afterFunc(ctx, () => void ran.trySend());
    await flush();
    assert.equal(ran.length, 0);
    cancel();
    // Its own goroutine: not inside cancel().
    assert.equal(ran.length, 0);
    await flush();
    assert.equal(ran.length, 1);
  });

  // TestAfterFuncCalledAfterTimeout
  it('f runs after the deadline passes', async () => {
    const [ctx, cancel] = context.withTimeout(bg, 5);
    const ran = chan<void>();
    context.afterFunc(ctx, async () => ran.send());
    await ran.recv();
    assert.equal(ctx.err(), context.DeadlineExceeded);
    cancel();
  });

  // TestAfterFuncCalledImmediately
  it('on a context already done, f runs at once in its own goroutine', async () => {
    const [ctx, cancel] = context.withCancel(bg);
    cancel();
    let n = 0;
    const stop = context.afterFunc(ctx, () => void n++);
    await flush();
    assert.equal(n, 1);
    assert.equal(stop(), false);
  });

  // TestAfterFuncNotCalledAfterStop
  it('stop before cancellation keeps f from running and returns true once', async () => {
    const [ctx, cancel] = context.withCancel(bg);
    let n = 0;
    const stop = context.afterFunc(ctx, () => void n++);
    assert.equal(stop(), true);
    assert.equal(stop(), false);
    cancel();
    await flush();
    assert.equal(n, 0);
  });

  // TestAfterFuncCalledAsynchronously / multiple registrations are independent
  it('several afterFuncs on one context each run once; stopping one leaves the others', async () => {
    const [ctx, cancel] = context.withCancel(bg);
    const runs: number[] = [];
    context.afterFunc(ctx, () => void runs.push(1));
    const stop2 = context.afterFunc(ctx, () => void runs.push(2));
    context.afterFunc(ctx, () => void runs.push(3));
    assert.equal(stop2(), true);
    cancel();
    cancel();
    await flush();
    assert.deepEqual(runs.sort(), [1, 3]);
  });

  it('stop after f started returns false', async () => {
    const [ctx, cancel] = context.withCancel(bg);
    const stop = context.afterFunc(ctx, () => undefined);
    cancel();
    assert.equal(stop(), false);
  });

  it('a parent cancels through a value context, and the afterFunc does not stay registered', async () => {
    const [p, cancel] = context.withCancel(bg);
    let n = 0;
    const stop = context.afterFunc(context.withValue(p, 'k', 1), () => void n++);
    assert.equal(stop(), true);
    // Stopped: cancelling the parent does not run it.
    cancel();
    await flush();
    assert.equal(n, 0);
  });

  it('never runs for a context that is never cancelled, and stop still reports true', () => {
    const stop = context.afterFunc(bg, () => assert.fail('ran'));
    assert.equal(stop(), true);
  });
});

describe('sync.OnceFunc / OnceValue (golang/go sync/oncefunc_test.go)', () => {
  // TestOnceFunc
  it('onceFunc calls f once', () => {
    let calls = 0;
    const f = onceFunc(() => void calls++);
    for (let i = 0; i < 3; i++) f();
    assert.equal(calls, 1);
  });

  // TestOnceValue
  it('onceValue calls f once and returns its value every time', () => {
    let calls = 0;
    const f = onceValue(() => ++calls * 10);
    assert.equal(f(), 10);
    assert.equal(f(), 10);
    assert.equal(calls, 1);
  });

  // TestOnceFuncPanic, TestOnceValuePanic: the panic is re-raised with the same value on every call
  it('a throwing f throws the same value on every call, and runs once', () => {
    const boom = new Error('x');
    let calls = 0;
    const f = onceFunc(() => {
      calls++;
      throw boom;
    });
    const g = onceValue<number>(() => {
      calls++;
      throw boom;
    });
    for (let i = 0; i < 3; i++) {
      assert.throws(f, (e) => e === boom);
      assert.throws(g, (e) => e === boom);
    }
    assert.equal(calls, 2);
  });

  it('a non-Error thrown value is re-raised as it is', () => {
    const f = onceValue(() => {
      throw 'plain';
    });
    assert.throws(f, (e) => e === 'plain');
    assert.throws(f, (e) => e === 'plain');
  });

  it('onceValue over an async f hands every caller the same promise', async () => {
    let calls = 0;
    const f = onceValue(async () => ++calls);
    const [a, b] = [f(), f()];
    assert.equal(a, b);
    assert.equal(await a, 1);
    assert.equal(calls, 1);
  });

  it('a call from inside f itself panics instead of recursing', () => {
    const f: () => number = onceValue(() => f() + 1);
    assert.throws(f, PanicError);
  });
});
