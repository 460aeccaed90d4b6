// Stress: many goroutines with random selects, cancellations and timeouts. Every value must be delivered
// exactly once, and no semaphore permit or lock may be lost. Randomness is seeded, so a failure replays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  after,
  chan,
  context,
  Mutex,
  otherwise,
  recv,
  RWMutex,
  select,
  Semaphore,
  send,
  sleep,
  WaitGroup,
  type Chan,
} from 'goroutines';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('stress', () => {
  it('random selects with timeouts and defaults deliver every value exactly once', async () => {
    const rand = prng(1);
    const chans: Chan<number>[] = [chan<number>(), chan<number>(1), chan<number>(3), chan<number>()];
    const producers = 12;
    const perProducer = 300;
    const consumers = 6;
    const seen = new Map<number, number>();
    const producing = new WaitGroup();
    const consuming = new WaitGroup();
    const [ctx, stop] = context.withCancel(context.background());

    for (let p = 0; p < producers; p++) {
      producing.go(async () => {
        for (let i = 0; i < perProducer; i++) {
          const v = p * perProducer + i;
          // Retry until one send case commits: a timed-out or defaulted select must send nothing.
          for (;;) {
            const a = chans[Math.floor(rand() * chans.length)]!;
            const b = chans[Math.floor(rand() * chans.length)]!;
            const mode = rand();
            let sent: boolean;
            if (mode < 0.3) {
              sent = await select(
                send(a, v, () => true),
                send(b, v, () => true),
                otherwise(() => false),
              );
            } else if (mode < 0.6) {
              sent = await select(
                send(a, v, () => true),
                send(rand() < 0.5 ? null : b, v, () => true),
                recv(after(1), () => false),
              );
            } else {
              await a.send(v);
              sent = true;
            }
            if (sent) break;
            if (rand() < 0.2) await sleep(0);
          }
        }
      });
    }
    for (let c = 0; c < consumers; c++) {
      consuming.go(async () => {
        for (;;) {
          const got = await select(
            ...chans.map((ch) => recv(ch, (v) => v)),
            recv(ctx.done(), () => null),
          );
          if (got === null) return;
          seen.set(got!, (seen.get(got!) ?? 0) + 1);
        }
      });
    }
    await producing.wait();
    // Everything sent has been committed to a receiver or a buffer: drain the buffers, then stop.
    for (;;) {
      const buffered = chans.reduce((n, ch) => n + ch.length, 0);
      if (buffered === 0) break;
      await sleep(1);
    }
    stop();
    await consuming.wait();
    assert.equal(seen.size, producers * perProducer);
    for (const [v, n] of seen) assert.equal(n, 1, `value ${v} delivered ${n} times`);
  });

  it('semaphore acquires cancelled at random moments never lose or leak a permit', async () => {
    const rand = prng(2);
    const size = 5;
    const sem = new Semaphore(size);
    let held = 0;
    let max = 0;
    let cancelled = 0;
    const wg = new WaitGroup();
    for (let g = 0; g < 40; g++) {
      wg.go(async () => {
        for (let i = 0; i < 25; i++) {
          const n = 1 + Math.floor(rand() * 3);
          const [ctx, cancel] =
            rand() < 0.5
              ? context.withTimeout(context.background(), rand() * 2)
              : context.withCancel(context.background());
          if (rand() < 0.3) setTimeout(cancel, rand() * 2);
          try {
            await sem.acquire(ctx, n);
          } catch (err) {
            assert.ok(err === context.Canceled || err === context.DeadlineExceeded);
            cancelled++;
            cancel();
            continue;
          }
          held += n;
          max = Math.max(max, held);
          if (rand() < 0.5) await sleep(0);
          held -= n;
          sem.release(n);
          cancel();
        }
      });
    }
    await wg.wait();
    assert.ok(max <= size, `held ${max} of ${size}`);
    assert.ok(cancelled > 0, 'no acquire was cancelled: the test did not exercise cancellation');
    assert.equal(sem.held, 0);
    assert.equal(sem.tryAcquire(size), true);
  });

  it('mutexes and rwmutexes under random lock, tryLock and select traffic stay exclusive and end unlocked', async () => {
    const rand = prng(3);
    const mu = new Mutex();
    const rw = new RWMutex();
    let inMu = 0;
    let writers = 0;
    let readers = 0;
    const tokens = chan<number>(4);
    const wg = new WaitGroup();
    for (let g = 0; g < 30; g++) {
      wg.go(async () => {
        for (let i = 0; i < 60; i++) {
          const r = rand();
          if (r < 0.3) {
            if (rand() < 0.5 ? mu.tryLock() : (await mu.lock(), true)) {
              assert.equal(++inMu, 1);
              if (rand() < 0.5) await sleep(0);
              inMu--;
              mu.unlock();
            }
          } else if (r < 0.6) {
            await rw.rlock();
            readers++;
            assert.equal(writers, 0);
            if (rand() < 0.5) await sleep(0);
            readers--;
            rw.runlock();
          } else if (r < 0.8) {
            using _ = await rw.lock();
            assert.equal(++writers, 1);
            assert.equal(readers, 0);
            if (rand() < 0.5) await sleep(0);
            writers--;
          } else {
            await select(send(tokens, i), recv(tokens), recv(after(1)));
          }
        }
      });
    }
    await wg.wait();
    assert.equal(mu.tryLock(), true);
    assert.equal(rw.tryLock(), true);
  });
});
