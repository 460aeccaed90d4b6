// select semantics (shared/API.md) and translations of Go's select tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chan, go, otherwise, recv, select, send, WaitGroup, type Chan } from 'goroutines';
import { flush, track } from './helpers.js';

describe('select', () => {
  it('chooses uniformly at random among ready cases', async () => {
    const chans = [chan<number>(1), chan<number>(1), chan<number>(1)];
    for (const c of chans) await c.send(0);
    const counts = [0, 0, 0];
    const N = 3000;
    for (let i = 0; i < N; i++) {
      const k = await select(
        recv(chans[0]!, () => 0),
        recv(chans[1]!, () => 1),
        recv(chans[2]!, () => 2),
      );
      counts[k]++;
      await chans[k]!.send(0);
    }
    // Each case has p = 1/3; 6 standard deviations (≈ 155) make a false failure practically impossible.
    for (const c of counts) assert.ok(Math.abs(c - N / 3) < 155, `counts ${counts.join(',')}`);
  });

  it('with otherwise never blocks, and takes it only when no case is ready', async () => {
    const ch = chan<number>();
    assert.equal(
      await select(
        recv(ch, () => 'recv'),
        send(ch, 1, () => 'send'),
        otherwise(() => 'default'),
      ),
      'default',
    );
    const b = chan<number>(1);
    assert.equal(
      await select(
        send(b, 1, () => 'send'),
        otherwise(() => 'default'),
      ),
      'send',
    );
    assert.equal(
      await select(
        send(b, 2, () => 'send'),
        otherwise(() => 'default'),
      ),
      'default',
    );
    assert.equal(
      await select(
        recv(b, (v) => v),
        otherwise(() => -1),
      ),
      1,
    );
  });

  it('blocks until a case is ready when there is no otherwise', async () => {
    const a = chan<number>();
    const b = chan<string>();
    const r = select(
      recv(a, (v) => `a${v}`),
      recv(b, (v) => `b${v}`),
    );
    const probe = track(r);
    await flush();
    assert.equal(probe(), 'pending');
    await b.send('x');
    assert.equal(await r, 'bx');
  });

  it('with no cases blocks forever', async () => {
    const probe = track(select());
    await flush();
    assert.equal(probe(), 'pending');
  });

  it('never fires a null channel case', async () => {
    const probe = track(select(recv(null), send(null, 1)));
    await flush();
    assert.equal(probe(), 'pending');
    assert.equal(
      await select(
        recv(null, () => 'nil'),
        otherwise(() => 'default'),
      ),
      'default',
    );
  });

  it('commits exactly one case: a losing receive consumes nothing', async () => {
    const a = chan<number>();
    const b = chan<number>();
    const r = select(
      recv(a, (v) => ['a', v]),
      recv(b, (v) => ['b', v]),
    );
    await flush();
    await a.send(1);
    assert.deepEqual(await r, ['a', 1]);
    // The select's waiter on b is gone: a later send on b waits for a new receiver.
    const s = track(b.send(2));
    await flush();
    assert.equal(s(), 'pending');
    assert.equal(b.length, 0);
    assert.equal(await b.recv(), 2);
  });

  it('commits exactly one case: a losing send sends nothing', async () => {
    const a = chan<number>();
    const b = chan<number>();
    const r = select(
      send(a, 1, () => 'a'),
      send(b, 2, () => 'b'),
    );
    await flush();
    assert.equal(await a.recv(), 1);
    assert.equal(await r, 'a');
    const got = track(b.recv());
    await flush();
    assert.equal(got(), 'pending');
    await b.send(3);
    await flush();
    assert.equal(got(), 'fulfilled');
  });

  it('passes ok = false for a closed channel and panics on a send to one', async () => {
    const c = chan<number>();
    c.close();
    assert.deepEqual(await select(recv(c, (v, ok) => [v, ok])), [undefined, false]);
    assert.throws(() => select(send(c, 1)), { name: 'PanicError', message: 'send on closed channel' });
    const d = chan<number>();
    const parked = select(send(d, 1));
    await flush();
    d.close();
    await assert.rejects(parked, { name: 'PanicError', message: 'send on closed channel' });
  });

  it('resolves with the callback result, awaiting an async callback', async () => {
    const c = chan<number>(1);
    await c.send(4);
    assert.equal(await select(recv(c, async (v) => (v ?? 0) * 2)), 8);
  });

  it('rejects when the winning callback throws', async () => {
    const c = chan<number>();
    const r = select(
      recv(c, () => {
        throw new Error('in case');
      }),
    );
    await c.send(1);
    await assert.rejects(r, /in case/);
  });
});

// golang/go runtime/chan_test.go TestSelfSelect: a goroutine selecting on both ends of a channel must
// not communicate with itself.
describe('runtime/chan_test.go TestSelfSelect', () => {
  for (const cap of [0, 1]) {
    it(`cap ${cap}`, async () => {
      const c = chan<number>(cap);
      const wg = new WaitGroup();
      for (let p = 0; p < 2; p++) {
        wg.go(async () => {
          for (let i = 0; i < 1000; i++) {
            if (p === 0 || i % 2 === 0) {
              await select(
                send(c, p),
                recv(c, (v) => {
                  if (cap === 0 && v === p) throw new Error('self receive');
                }),
              );
            } else {
              await select(
                recv(c, (v) => {
                  if (cap === 0 && v === p) throw new Error('self receive');
                }),
                send(c, p),
              );
            }
          }
        });
      }
      await wg.wait();
    });
  }
});

// golang/go runtime/chan_test.go TestSelectFairness: with two ready channels, each is chosen about half
// of the time; a third case that is never ready is never chosen.
describe('runtime/chan_test.go TestSelectFairness', () => {
  it('splits between two always-ready channels', async () => {
    const trials = 10000;
    const c1 = chan<number>(trials + 1);
    const c2 = chan<number>(trials + 1);
    for (let i = 0; i < trials + 1; i++) {
      await c1.send(1);
      await c2.send(2);
    }
    const c3 = chan<number>();
    const c4 = chan<number>();
    let cnt1 = 0;
    let cnt2 = 0;
    for (let i = 0; i < trials; i++) {
      const v = await select(
        recv(c1, (x) => x),
        recv(c2, (x) => x),
        recv(c3, (x) => x),
        recv(c4, (x) => x),
      );
      if (v === 1) cnt1++;
      else if (v === 2) cnt2++;
      else assert.fail(`unexpected value ${v}`);
    }
    // A fair coin over 10000 trials: more than 6 standard deviations off is a broken select.
    const e = Math.abs(cnt1 / trials - 0.5);
    assert.ok(
      e <= 6 * Math.sqrt(0.25 / trials),
      `unfair select: in ${trials} trials, results were ${cnt1}, ${cnt2}`,
    );
  });
});

// golang/go test/chan/doubleselect.go: a sender selecting over four channels, with receivers
// multiplexing them back; every value must arrive exactly once.
describe('test/chan/doubleselect.go', () => {
  it('delivers every value exactly once', async () => {
    const iterations = 5000;
    const sender = async (
      n: number,
      c1: Chan<number>,
      c2: Chan<number>,
      c3: Chan<number>,
      c4: Chan<number>,
    ) => {
      for (let i = 0; i < n; i++) await select(send(c1, i), send(c2, i), send(c3, i), send(c4, i));
      c1.close();
      c2.close();
      c3.close();
      c4.close();
    };
    const mux = async (out: Chan<number>, inp: Chan<number>, done: Chan<boolean>) => {
      for await (const v of inp) await out.send(v);
      await done.send(true);
    };
    const recver = async (inp: Chan<number>) => {
      const seen = new Set<number>();
      for await (const v of inp) {
        if (seen.has(v)) throw new Error(`got duplicate value: ${v}`);
        seen.add(v);
      }
      return seen.size;
    };
    const [c1, c2, c3, c4] = [chan<number>(), chan<number>(), chan<number>(), chan<number>()];
    const done = chan<boolean>();
    const cmux = chan<number>();
    go(sender, iterations, c1, c2, c3, c4);
    go(mux, cmux, c1, done);
    go(mux, cmux, c2, done);
    go(mux, cmux, c3, done);
    go(mux, cmux, c4, done);
    go(async () => {
      for (let i = 0; i < 4; i++) await done.recv();
      cmux.close();
    });
    assert.equal(await recver(cmux), iterations);
  });
});

// golang/go test/chan/select3.go: the basic blocking rules of select.
describe('test/chan/select3.go', () => {
  it('blocks on nil channels, never on closed ones, and not with a default', async () => {
    const never = track(select(recv(null)));
    await flush();
    assert.equal(never(), 'pending');
    const closed = chan<number>();
    closed.close();
    assert.deepEqual(await closed.recvOk(), [undefined, false]);
    assert.equal(
      await select(
        recv(closed, () => 'closed'),
        recv(null, () => 'nil'),
      ),
      'closed',
    );
    const async = chan<number>(1);
    assert.equal(
      await select(
        send(async, 1, () => 'sent'),
        otherwise(() => 'blocked'),
      ),
      'sent',
    );
    assert.equal(
      await select(
        send(async, 1, () => 'sent'),
        otherwise(() => 'blocked'),
      ),
      'blocked',
    );
    const sync = chan<number>();
    assert.equal(
      await select(
        recv(sync, () => 'recv'),
        otherwise(() => 'blocked'),
      ),
      'blocked',
    );
  });
});

// golang/go test/chan/nonblock.go: non-blocking sends and receives through select with default.
describe('test/chan/nonblock.go', () => {
  for (const cap of [0, 1, 10]) {
    it(`cap ${cap}: a default-select receive waits for a sender only when one is ready`, async () => {
      const c = chan<number>(cap);
      assert.equal(
        await select(
          recv(c, () => 'recv'),
          otherwise(() => 'none'),
        ),
        'none',
      );
      let got: number | undefined;
      go(async () => {
        await c.send(42);
      });
      for (;;) {
        const r = await select(
          recv(c, (v) => {
            got = v;
            return true;
          }),
          otherwise(() => false),
        );
        if (r) break;
        await flush(1);
      }
      assert.equal(got, 42);
    });

    it(`cap ${cap}: a default-select send waits for a receiver only when one is ready`, async () => {
      const c = chan<number>(cap);
      const received = chan<number>();
      go(async () => {
        await received.send((await c.recv())!);
      });
      for (;;) {
        const r = await select(
          send(c, 7, () => true),
          otherwise(() => false),
        );
        if (r) break;
        await flush(1);
      }
      assert.equal(await received.recv(), 7);
    });
  }
});

describe('select over channels shared with other threads', () => {
  it('scans again when a ready channel loses its value before the select takes it', async () => {
    // A channel another thread drains between this thread's readiness scan and its take: it says
    // it is ready (to both looks of the scan), then fails the take and is empty from then on.
    let claims = 2;
    const racy = {
      canSend: () => false,
      canRecv: () => claims-- > 0,
      selectSend: () => false,
      selectRecv: () => false,
      parkSend: () => {},
      parkRecv: () => {},
      unpark: () => {},
    } as unknown as Chan<number>;
    const taken = await select(
      recv(racy, () => 'racy'),
      otherwise(() => 'otherwise'),
    );
    assert.equal(taken, 'otherwise');
  });
});
