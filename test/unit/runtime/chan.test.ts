// Channel semantics (shared/API.md "Semantics that must hold") and translations of Go's channel tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chan, go, PanicError, WaitGroup } from 'goroutines';
import { flush, track } from './helpers.js';

describe('unbuffered channels', () => {
  it('a send completes only when a receiver takes the value (rendezvous)', async () => {
    const ch = chan<number>();
    const sent = track(ch.send(1));
    await flush();
    assert.equal(sent(), 'pending');
    assert.equal(ch.length, 0);
    assert.equal(await ch.recv(), 1);
    await flush();
    assert.equal(sent(), 'fulfilled');
  });

  it('a receive blocks until a sender comes', async () => {
    const ch = chan<string>();
    const got = ch.recv();
    const probe = track(got);
    await flush();
    assert.equal(probe(), 'pending');
    await ch.send('x');
    assert.equal(await got, 'x');
  });

  it('serves waiting senders first-come first-served', async () => {
    const ch = chan<number>();
    for (let i = 0; i < 10; i++) void ch.send(i);
    for (let i = 0; i < 10; i++) assert.equal(await ch.recv(), i);
  });

  it('serves waiting receivers first-come first-served', async () => {
    const ch = chan<number>();
    const order: number[] = [];
    const wg = new WaitGroup();
    for (let i = 0; i < 5; i++) {
      wg.add(1);
      void ch.recv().then((v) => {
        order.push(i * 100 + v!);
        wg.done();
      });
    }
    for (let i = 0; i < 5; i++) await ch.send(i);
    await wg.wait();
    assert.deepEqual(order, [0, 101, 202, 303, 404]);
  });
});

describe('buffered channels', () => {
  it('a send blocks only when the buffer is full', async () => {
    const ch = chan<number>(2);
    await ch.send(1);
    await ch.send(2);
    assert.equal(ch.length, 2);
    assert.equal(ch.capacity, 2);
    const third = track(ch.send(3));
    await flush();
    assert.equal(third(), 'pending');
    assert.equal(await ch.recv(), 1);
    await flush();
    assert.equal(third(), 'fulfilled');
    assert.equal(await ch.recv(), 2);
    assert.equal(await ch.recv(), 3);
  });

  it('keeps FIFO order when a blocked sender refills the buffer', async () => {
    const ch = chan<number>(3);
    const sends = [];
    for (let i = 0; i < 6; i++) sends.push(ch.send(i));
    const got = [];
    for (let i = 0; i < 6; i++) got.push(await ch.recv());
    await Promise.all(sends);
    assert.deepEqual(got, [0, 1, 2, 3, 4, 5]);
  });

  it('rejects a negative or fractional capacity like makechan', () => {
    assert.throws(() => chan(-1), { name: 'PanicError', message: 'makechan: size out of range' });
    assert.throws(() => chan(1.5), PanicError);
  });
});

describe('close', () => {
  it('wakes every receiver with undefined / [undefined, false]', async () => {
    const ch = chan<number>();
    const a = ch.recv();
    const b = ch.recvOk();
    await flush();
    ch.close();
    assert.equal(await a, undefined);
    assert.deepEqual(await b, [undefined, false]);
  });

  it('lets receivers drain the buffer before reporting closed', async () => {
    const ch = chan<number>(3);
    await ch.send(1);
    await ch.send(2);
    ch.close();
    assert.deepEqual(await ch.recvOk(), [1, true]);
    assert.equal(await ch.recv(), 2);
    assert.deepEqual(await ch.recvOk(), [undefined, false]);
    assert.equal(await ch.recv(), undefined);
  });

  it('makes every blocked sender panic', async () => {
    const ch = chan<number>();
    const s1 = ch.send(1);
    const s2 = ch.send(2);
    await flush();
    ch.close();
    await assert.rejects(s1, { name: 'PanicError', message: 'send on closed channel' });
    await assert.rejects(s2, { name: 'PanicError', message: 'send on closed channel' });
  });

  it('panics on a second close and on a send after close', () => {
    const ch = chan<number>(1);
    ch.close();
    assert.throws(() => ch.close(), { name: 'PanicError', message: 'close of closed channel' });
    assert.throws(() => ch.send(1), { name: 'PanicError', message: 'send on closed channel' });
  });

  it('ends a for-await range loop after the buffered values', async () => {
    const ch = chan<number>(5);
    for (let i = 0; i < 5; i++) await ch.send(i);
    ch.close();
    const got = [];
    for await (const v of ch) got.push(v);
    assert.deepEqual(got, [0, 1, 2, 3, 4]);
  });
});

// Translations of golang/go runtime/chan_test.go TestChan, for capacities 0..N.
describe('runtime/chan_test.go TestChan', () => {
  for (const cap of [0, 1, 2, 10]) {
    it(`cap ${cap}: receive from an empty channel blocks, send to a full one blocks`, async () => {
      const c = chan<number>(cap);
      const r = track(c.recv());
      await flush();
      assert.equal(r(), 'pending');
      await c.send(0);
      await flush();
      assert.equal(r(), 'fulfilled');
      for (let i = 0; i < cap; i++) await c.send(i);
      const s = track(c.send(0));
      await flush();
      assert.equal(s(), 'pending');
      for (let i = 0; i <= cap; i++) await c.recv();
      await flush();
      assert.equal(s(), 'fulfilled');
    });

    it(`cap ${cap}: close unblocks a receiver, which gets the zero value`, async () => {
      const c = chan<number>(cap);
      const r = c.recvOk();
      await flush();
      c.close();
      assert.deepEqual(await r, [undefined, false]);
    });

    it(`cap ${cap}: 100 integers arrive uncorrupted in FIFO order`, async () => {
      const c = chan<number>(cap);
      go(async () => {
        for (let i = 0; i < 100; i++) await c.send(i);
      });
      for (let i = 0; i < 100; i++) assert.equal(await c.recv(), i);
    });

    it(`cap ${cap}: 4 senders × 1000 values, 4 receivers get each exactly once`, async () => {
      const c = chan<number>(cap);
      const P = 4;
      const L = 1000;
      const done = chan<Map<number, number>>();
      for (let p = 0; p < P; p++) {
        go(async () => {
          for (let i = 0; i < L; i++) await c.send(i);
        });
        go(async () => {
          const recv = new Map<number, number>();
          for (let i = 0; i < L; i++) {
            const v = (await c.recv())!;
            recv.set(v, (recv.get(v) ?? 0) + 1);
          }
          await done.send(recv);
        });
      }
      const total = new Map<number, number>();
      for (let p = 0; p < P; p++)
        for (const [k, v] of (await done.recv())!) total.set(k, (total.get(k) ?? 0) + v);
      assert.equal(total.size, L);
      for (const v of total.values()) assert.equal(v, P);
    });
  }
});

// golang/go test/chan/fifo.go: AsynchFifo and SynchFifo (a chain of goroutines, each passing on in order).
describe('test/chan/fifo.go', () => {
  it('AsynchFifo: a buffered channel keeps send order', async () => {
    const N = 10;
    const ch = chan<number>(N);
    for (let i = 0; i < N; i++) await ch.send(i);
    for (let i = 0; i < N; i++) assert.equal(await ch.recv(), i);
  });

  it('SynchFifo: goroutines chained by unbuffered channels receive in order', async () => {
    const N = 10;
    const ch = chan<number>();
    let input = chan<number>();
    const start = input;
    for (let i = 0; i < N; i++) {
      const out = chan<number>();
      const [inp, val] = [input, i];
      go(async () => {
        await inp.recv();
        await ch.send(val);
        await out.send(1);
      });
      input = out;
    }
    await start.send(0);
    for (let i = 0; i < N; i++) assert.equal(await ch.recv(), i);
    await input.recv();
  });
});

// golang/go test/chan/sieve1.go: the concurrent prime sieve.
describe('test/chan/sieve1.go', () => {
  it('finds the first 25 primes with a chain of filter goroutines', async () => {
    const generate = async (ch: ReturnType<typeof chan<number>>): Promise<void> => {
      for (let i = 2; ; i++) await ch.send(i);
    };
    const filter = async (
      inp: ReturnType<typeof chan<number>>,
      out: ReturnType<typeof chan<number>>,
      prime: number,
    ): Promise<void> => {
      for (;;) {
        const i = (await inp.recv())!;
        if (i % prime !== 0) await out.send(i);
      }
    };
    let ch = chan<number>();
    go(generate, ch);
    const primes = [];
    for (let i = 0; i < 25; i++) {
      const prime = (await ch.recv())!;
      primes.push(prime);
      const ch1 = chan<number>();
      go(filter, ch, ch1, prime);
      ch = ch1;
    }
    assert.deepEqual(
      primes,
      [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97],
    );
  });
});

// golang/go test/chan/goroutines.go: a value passed along a long chain of goroutines.
describe('test/chan/goroutines.go', () => {
  it('passes a value through 10000 goroutines', async () => {
    const n = 10000;
    const leftmost = chan<number>();
    let right = leftmost;
    let left = leftmost;
    for (let i = 0; i < n; i++) {
      right = chan<number>();
      const [l, r] = [left, right];
      go(async () => {
        await l.send((await r.recv())! + 1);
      });
      left = right;
    }
    go(async () => {
      await right.send(1);
    });
    assert.equal(await leftmost.recv(), n + 1);
  });
});

describe('operations that can complete now', () => {
  it('complete synchronously and resolve without parking', async () => {
    const ch = chan<number>(1);
    const sent = track(ch.send(1));
    assert.equal(ch.length, 1, 'the value is buffered before the send is awaited');
    await Promise.resolve();
    assert.equal(sent(), 'fulfilled');
    const got = track(ch.recv());
    assert.equal(ch.length, 0, 'the value is taken before the receive is awaited');
    await Promise.resolve();
    assert.equal(got(), 'fulfilled');
  });
});

// golang/go runtime/chan_test.go TestMultiConsumer: workers consume from one channel and report their
// sums; nothing is lost or counted twice.
describe('runtime/chan_test.go TestMultiConsumer', () => {
  it('sums match with 23 workers', async () => {
    const nwork = 23;
    const niter = 2713;
    const q = chan<number>(nwork * 3);
    const r = chan<number>(nwork * 3);
    const wg = new WaitGroup();
    for (let i = 0; i < nwork; i++) {
      wg.go(async () => {
        for await (const v of q) await r.send(v);
      });
    }
    let expect = 0;
    go(async () => {
      for (let i = 0; i < niter; i++) {
        const v = (i * 13) % 1000;
        expect += v;
        await q.send(v);
      }
      q.close();
      await wg.wait();
      r.close();
    });
    let n = 0;
    let s = 0;
    for await (const v of r) {
      n++;
      s += v;
    }
    assert.equal(n, niter);
    assert.equal(s, expect);
  });
});

// golang/go test/chan/zerosize.go: channels of an empty element type work like any other.
describe('test/chan/zerosize.go', () => {
  it('chan<void> carries signals, buffered and not', async () => {
    for (const cap of [0, 1, 100]) {
      const c = chan<void>(cap);
      go(async () => {
        await c.send();
        c.close();
      });
      assert.deepEqual(await c.recvOk(), [undefined, true]);
      assert.deepEqual(await c.recvOk(), [undefined, false]);
    }
  });
});
