// context: cancellation trees, deadlines, values (shared/API.md) and translations of Go's
// context/context_test.go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context, otherwise, recv, select, type Context } from 'goroutines';
import { flush, runProgram } from './helpers.js';

const isDone = (ctx: Context): Promise<boolean> =>
  select(
    recv(ctx.done(), () => true),
    otherwise(() => false),
  );

describe('context', () => {
  it('background and todo are never done and have no deadline or values', async () => {
    for (const ctx of [context.background(), context.todo()]) {
      assert.equal(ctx.err(), null);
      assert.deepEqual(ctx.deadline(), [undefined, false]);
      assert.equal(ctx.value('k'), undefined);
      assert.equal(await isDone(ctx), false);
      assert.equal(ctx.signal.aborted, false);
    }
  });

  // golang/go context/context_test.go XTestWithCancel
  it('withCancel: cancel closes done, sets Canceled and aborts the signal', async () => {
    const [c1, cancel] = context.withCancel(context.background());
    const [o0, o1] = [c1.done(), c1.signal];
    assert.equal(await isDone(c1), false);
    assert.equal(c1.err(), null);
    cancel();
    assert.equal(await isDone(c1), true);
    assert.equal(c1.err(), context.Canceled);
    assert.equal(o0, c1.done());
    assert.equal(o1.aborted, true);
    assert.equal(o1.reason, context.Canceled);
    cancel();
    assert.equal(c1.err(), context.Canceled);
  });

  // golang/go context/context_test.go XTestParentFinishesChild
  it('cancelling a parent cancels every child, through value contexts', async () => {
    const [parent, cancel] = context.withCancel(context.background());
    const [cancelChild] = context.withCancel(parent);
    const valueChild = context.withValue(parent, 'key', 'value');
    const [timerChild] = context.withTimeout(valueChild, 60_000);
    const [grandchild] = context.withCancel(timerChild);
    cancel();
    for (const c of [parent, cancelChild, valueChild, timerChild, grandchild]) {
      assert.equal(await isDone(c), true);
      assert.equal(c.err(), context.Canceled);
    }
  });

  // golang/go context/context_test.go XTestChildFinishesFirst
  it('cancelling a child leaves the parent live', async () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    const [child, cancelChild] = context.withCancel(parent);
    cancelChild();
    assert.equal(child.err(), context.Canceled);
    assert.equal(parent.err(), null);
    assert.equal(await isDone(parent), false);
    cancelParent();
  });

  it('a child of a cancelled parent is born cancelled', async () => {
    const [parent, cancel] = context.withCancel(context.background());
    cancel();
    const [child] = context.withCancel(parent);
    assert.equal(child.err(), context.Canceled);
    assert.equal(child.signal.aborted, true);
  });

  // golang/go context/context_test.go XTestDeadline / XTestTimeout
  it('withTimeout and withDeadline end with DeadlineExceeded', async () => {
    const [t] = context.withTimeout(context.background(), 5);
    await t.done().recv();
    assert.equal(t.err(), context.DeadlineExceeded);
    assert.equal(String(t.err()), 'Error: context deadline exceeded');
    const [d] = context.withDeadline(context.background(), new Date(Date.now() + 5));
    await d.done().recv();
    assert.equal(d.err(), context.DeadlineExceeded);
    const [past] = context.withDeadline(context.background(), new Date(Date.now() - 1000));
    assert.equal(past.err(), context.DeadlineExceeded);
  });

  // golang/go context/context_test.go XTestCanceledTimeout
  it('cancelling a timeout context before its deadline gives Canceled', async () => {
    const [c, cancel] = context.withTimeout(context.background(), 60_000);
    cancel();
    await c.done().recv();
    assert.equal(c.err(), context.Canceled);
  });

  it('deadline() reports the sooner of a parent deadline and its own', () => {
    const soon = new Date(Date.now() + 10_000);
    const [p, cancelP] = context.withDeadline(context.background(), soon);
    const [c, cancelC] = context.withDeadline(p, new Date(Date.now() + 60_000));
    assert.deepEqual(c.deadline(), [soon, true]);
    cancelC();
    cancelP();
  });

  // golang/go context/context_test.go XTestValues
  it('value() looks up the nearest binding and falls back to parents', () => {
    const k1 = Symbol('k1');
    const k2 = Symbol('k2');
    const c0 = context.background();
    const c1 = context.withValue(c0, k1, 'c1k1');
    const c2 = context.withValue(c1, k2, 'c2k2');
    const c3 = context.withValue(c2, k1, 'c3k1');
    const [c4] = context.withCancel(c3);
    assert.equal(c1.value(k1), 'c1k1');
    assert.equal(c1.value(k2), undefined);
    assert.equal(c2.value(k1), 'c1k1');
    assert.equal(c2.value(k2), 'c2k2');
    assert.equal(c3.value(k1), 'c3k1');
    assert.equal(c4.value(k2), 'c2k2');
    assert.throws(() => context.withValue(c0, null, 1), { name: 'PanicError', message: 'nil key' });
  });

  it('follows the AbortSignal of a Context implemented elsewhere', async () => {
    const ac = new AbortController();
    const base = context.background();
    const foreign: Context = {
      done: () => base.done(),
      err: () => (ac.signal.aborted ? context.Canceled : null),
      value: () => undefined,
      deadline: () => [undefined, false],
      signal: ac.signal,
    };
    const [child] = context.withCancel(foreign);
    ac.abort();
    await flush();
    assert.equal(child.err(), context.Canceled);
  });

  it('a timeout context releases its timer when cancelled (the process exits at once)', () => {
    const r = runProgram(`
      import { context } from 'goroutines';
      const [, cancel] = context.withTimeout(context.background(), 600_000);
      cancel();
      const [child, cancelParent] = context.withCancel(context.background());
      context.withTimeout(child, 600_000);
      cancelParent();
      console.log('done');
    `);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'done\n');
    assert.equal(r.status, 0);
  });
});
