// Timers with Go 1.23 semantics: channels that behave as unbuffered, stop/reset results, no stale values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  after,
  afterFunc,
  chan,
  otherwise,
  recv,
  select,
  sleep,
  tick,
  Ticker,
  Timer,
  type RecvChan,
} from 'goroutines';
import { flush, track } from './helpers.js';

/** Whether a receive from `c` could complete now. */
const ready = (c: RecvChan<unknown>): Promise<boolean> =>
  select(
    recv(c, () => true),
    otherwise(() => false),
  );

describe('sleep', () => {
  it('resolves after shorter sleeps started at the same time', async () => {
    const order: number[] = [];
    await Promise.all([sleep(30).then(() => order.push(30)), sleep(1).then(() => order.push(1))]);
    assert.deepEqual(order, [1, 30]);
  });

  it('returns at once for a non-positive duration', async () => {
    const p = track(sleep(0));
    await Promise.resolve();
    assert.equal(p(), 'fulfilled');
  });
});

describe('Timer', () => {
  it('delivers the time once, and its channel reports length and capacity 0', async () => {
    const t = new Timer(1);
    assert.equal(t.c.capacity, 0);
    const v = await t.c.recv();
    assert.ok(v instanceof Date);
    assert.equal(t.c.length, 0);
    await sleep(5);
    assert.equal(await ready(t.c), false);
  });

  it('stop before it fires returns true and nothing is ever received', async () => {
    const t = new Timer(5);
    assert.equal(t.stop(), true);
    assert.equal(t.stop(), false);
    await sleep(20);
    assert.equal(await ready(t.c), false);
  });

  it('stop after it fired but before the value was received returns true and leaves no stale value', async () => {
    const t = new Timer(1);
    await sleep(15);
    assert.equal(t.stop(), true);
    assert.equal(await ready(t.c), false);
  });

  it('stop after the value was received returns false', async () => {
    const t = new Timer(1);
    await t.c.recv();
    assert.equal(t.stop(), false);
  });

  it('reset returns whether it was active and never lets a stale value through', async () => {
    const t = new Timer(1);
    await sleep(15);
    assert.equal(t.reset(10_000), true);
    assert.equal(await ready(t.c), false);
    assert.equal(t.reset(1), true);
    assert.ok((await t.c.recv()) instanceof Date);
    assert.equal(t.reset(1), false);
    await t.c.recv();
  });
});

describe('after', () => {
  it('serves as a select timeout', async () => {
    const never = chan<number>();
    assert.equal(
      await select(
        recv(never, () => 'value'),
        recv(after(2), () => 'timeout'),
      ),
      'timeout',
    );
  });
});

describe('Ticker', () => {
  it('ticks repeatedly and drops ticks for a slow receiver', async () => {
    const t = new Ticker(2);
    await t.c.recv();
    await t.c.recv();
    await sleep(30);
    // Many periods passed: at most one tick is pending.
    assert.equal(await ready(t.c), true);
    assert.equal(await ready(t.c), false);
    t.stop();
  });

  it('stop discards a pending tick and stops ticking', async () => {
    const t = new Ticker(1);
    await sleep(10);
    t.stop();
    assert.equal(await ready(t.c), false);
    await sleep(10);
    assert.equal(await ready(t.c), false);
  });

  it('reset changes the period and panics on a non-positive one, like NewTicker', async () => {
    assert.throws(() => new Ticker(0), {
      name: 'PanicError',
      message: 'non-positive interval for NewTicker',
    });
    const t = new Ticker(10_000);
    t.reset(1);
    assert.ok((await t.c.recv()) instanceof Date);
    assert.throws(() => t.reset(-1), {
      name: 'PanicError',
      message: 'non-positive interval for Ticker.Reset',
    });
    t.stop();
  });

  it('tick(0) never delivers, like the nil channel Go returns', async () => {
    const c = tick(0);
    const r = track(c.recv());
    await flush();
    assert.equal(r(), 'pending');
  });
});

describe('afterFunc', () => {
  it('runs f in its own goroutine after the duration', async () => {
    const done = chan<string>();
    const t = afterFunc(1, async () => {
      await done.send('ran');
    });
    assert.equal(await done.recv(), 'ran');
    assert.equal(t.stop(), false);
  });

  it('stop before it fires returns true and f never runs', async () => {
    let ran = false;
    const t = afterFunc(5, () => {
      ran = true;
    });
    assert.equal(t.stop(), true);
    await sleep(20);
    assert.equal(ran, false);
  });
});
