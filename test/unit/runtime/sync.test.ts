// sync: WaitGroup, Mutex, RWMutex, Once, Cond (shared/API.md) and translations of Go's sync tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chan, Cond, go, Mutex, Once, RWMutex, WaitGroup } from 'goroutines';
import { flush, track } from './helpers.js';

describe('WaitGroup', () => {
  it('wait returns when the counter reaches zero', async () => {
    const wg = new WaitGroup();
    wg.add(2);
    const w = track(wg.wait());
    await flush();
    assert.equal(w(), 'pending');
    wg.done();
    await flush();
    assert.equal(w(), 'pending');
    wg.done();
    await flush();
    assert.equal(w(), 'fulfilled');
  });

  it('panics on a negative counter (sync/waitgroup_test.go TestWaitGroupMisuse)', () => {
    const wg = new WaitGroup();
    wg.add(1);
    wg.done();
    assert.throws(() => wg.done(), { name: 'PanicError', message: 'sync: negative WaitGroup counter' });
  });

  it('go(f) is add(1) + goroutine + done() even when f throws inside try/finally', async () => {
    const wg = new WaitGroup();
    let ran = 0;
    for (let i = 0; i < 5; i++)
      wg.go(async () => {
        ran++;
      });
    assert.equal(wg.count, 5);
    await wg.wait();
    assert.equal(ran, 5);
  });

  // golang/go sync/waitgroup_test.go TestWaitGroup: two rounds of n goroutines, each round released
  // only after every goroutine of it called done.
  it('sync/waitgroup_test.go TestWaitGroup', async () => {
    const wg1 = new WaitGroup();
    const wg2 = new WaitGroup();
    const n = 16;
    wg1.add(n);
    wg2.add(n);
    const exited = chan<boolean>(n);
    for (let i = 0; i < n; i++) {
      go(async () => {
        wg1.done();
        await wg2.wait();
        await exited.send(true);
      });
    }
    await wg1.wait();
    for (let i = 0; i < n; i++) {
      assert.equal(exited.length, 0, 'WaitGroup released group too soon');
      wg2.done();
    }
    for (let i = 0; i < n; i++) await exited.recv();
  });
});

describe('Mutex', () => {
  it('an uncontended lock resolves without parking and unlock panics when unlocked', async () => {
    const mu = new Mutex();
    await mu.lock();
    assert.equal(mu.tryLock(), false);
    mu.unlock();
    assert.equal(mu.tryLock(), true);
    mu.unlock();
    assert.throws(() => mu.unlock(), { name: 'PanicError', message: 'sync: unlock of unlocked mutex' });
  });

  it('is not reentrant: a second lock by the holder blocks', async () => {
    const mu = new Mutex();
    await mu.lock();
    const again = track(mu.lock());
    await flush();
    assert.equal(again(), 'pending');
    mu.unlock();
    await flush();
    assert.equal(again(), 'fulfilled');
    mu.unlock();
  });

  it('serves waiters in arrival order (no starvation)', async () => {
    const mu = new Mutex();
    await mu.lock();
    const order: number[] = [];
    const wg = new WaitGroup();
    for (let i = 0; i < 10; i++) {
      wg.go(async () => {
        await mu.lock();
        order.push(i);
        mu.unlock();
      });
    }
    await flush();
    mu.unlock();
    await wg.wait();
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('lock() resolves to a guard that unlocks when disposed (using)', async () => {
    const mu = new Mutex();
    {
      using _ = await mu.lock();
      assert.equal(mu.tryLock(), false);
    }
    assert.equal(mu.tryLock(), true);
    mu.unlock();
  });

  // golang/go sync/mutex_test.go TestMutex: goroutines hammer a mutex; the critical section stays
  // exclusive.
  it('sync/mutex_test.go TestMutex', async () => {
    const mu = new Mutex();
    let inside = 0;
    let max = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 10; i++) {
      wg.go(async () => {
        for (let j = 0; j < 200; j++) {
          await mu.lock();
          inside++;
          max = Math.max(max, inside);
          if (j % 7 === 0) await flush(0);
          inside--;
          mu.unlock();
        }
      });
    }
    await wg.wait();
    assert.equal(max, 1);
  });
});

describe('RWMutex', () => {
  it('lets readers share and excludes the writer', async () => {
    const rw = new RWMutex();
    await rw.rlock();
    await rw.rlock();
    assert.equal(rw.tryLock(), false);
    rw.runlock();
    rw.runlock();
    assert.equal(rw.tryLock(), true);
    assert.equal(rw.tryRLock(), false);
    rw.unlock();
  });

  it('a blocked lock() blocks new rlock() calls (writer preference)', async () => {
    const rw = new RWMutex();
    await rw.rlock();
    const writer = track(rw.lock());
    await flush();
    assert.equal(writer(), 'pending');
    const reader = track(rw.rlock());
    await flush();
    assert.equal(reader(), 'pending', 'a new reader got in ahead of a waiting writer');
    rw.runlock();
    await flush();
    assert.equal(writer(), 'fulfilled');
    assert.equal(reader(), 'pending');
    rw.unlock();
    await flush();
    assert.equal(reader(), 'fulfilled');
    rw.runlock();
  });

  it('so recursive read locking deadlocks once a writer waits, as in Go', async () => {
    const rw = new RWMutex();
    await rw.rlock();
    void rw.lock();
    const recursive = track(rw.rlock());
    await flush();
    assert.equal(recursive(), 'pending');
  });

  it('panics on unlock misuse (sync/rwmutex_test.go)', () => {
    const rw = new RWMutex();
    assert.throws(() => rw.runlock(), { name: 'PanicError', message: 'sync: RUnlock of unlocked RWMutex' });
    assert.throws(() => rw.unlock(), { name: 'PanicError', message: 'sync: Unlock of unlocked RWMutex' });
  });

  // golang/go sync/rwmutex_test.go TestParallelReaders: n readers hold the read lock at the same time.
  it('sync/rwmutex_test.go TestParallelReaders', async () => {
    const rw = new RWMutex();
    const n = 4;
    const clocked = chan<boolean>();
    const cunlock = chan<boolean>();
    const cdone = chan<boolean>();
    for (let i = 0; i < n; i++) {
      go(async () => {
        await rw.rlock();
        await clocked.send(true);
        await cunlock.recv();
        rw.runlock();
        await cdone.send(true);
      });
    }
    for (let i = 0; i < n; i++) await clocked.recv();
    for (let i = 0; i < n; i++) await cunlock.send(true);
    for (let i = 0; i < n; i++) await cdone.recv();
  });

  // golang/go sync/rwmutex_test.go TestRWMutex (HammerRWMutex): readers and writers never overlap.
  it('sync/rwmutex_test.go HammerRWMutex', async () => {
    const rw = new RWMutex();
    let activity = 0;
    const wg = new WaitGroup();
    const reader = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        await rw.rlock();
        const n = ++activity;
        if (n < 1 || n >= 10000) throw new Error(`rlock(${n})`);
        if (i % 5 === 0) await flush(0);
        activity--;
        rw.runlock();
      }
    };
    const writer = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        await rw.lock();
        activity += 10000;
        if (activity !== 10000) throw new Error(`wlock(${activity})`);
        if (i % 5 === 0) await flush(0);
        activity -= 10000;
        rw.unlock();
      }
    };
    for (let i = 0; i < 4; i++) {
      wg.go(reader);
      wg.go(writer);
    }
    await wg.wait();
    assert.equal(activity, 0);
  });

  it('rlocker() locks for reading', async () => {
    const rw = new RWMutex();
    const rl = rw.rlocker();
    await rl.lock();
    assert.equal(rw.tryRLock(), true);
    assert.equal(rw.tryLock(), false);
    rw.runlock();
    rl.unlock();
    assert.equal(rw.tryLock(), true);
    rw.unlock();
  });
});

describe('Once', () => {
  // golang/go sync/once_test.go TestOnce
  it('calls f once; concurrent callers wait for it to finish', async () => {
    const once = new Once();
    let calls = 0;
    const gate = chan<void>();
    const f = async (): Promise<void> => {
      await gate.recv();
      calls++;
    };
    const first = once.do(f);
    const second = track(once.do(f));
    await flush();
    assert.equal(second(), 'pending');
    gate.close();
    await first;
    await flush();
    assert.equal(second(), 'fulfilled');
    await once.do(f);
    assert.equal(calls, 1);
  });

  // golang/go sync/once_test.go TestOncePanic: a panicking f counts as done.
  it('a throwing f counts as done and its error goes to the caller that ran it', async () => {
    const once = new Once();
    await assert.rejects(
      once.do(() => {
        throw new Error('failed');
      }),
      /failed/,
    );
    let called = false;
    await once.do(() => {
      called = true;
    });
    assert.equal(called, false);
  });
});

describe('Cond', () => {
  // golang/go sync/cond_test.go TestCondSignal
  it('signal wakes one waiter at a time', async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const n = 2;
    const running = chan<boolean>(n);
    const awake = chan<boolean>(n);
    for (let i = 0; i < n; i++) {
      go(async () => {
        await m.lock();
        await running.send(true);
        await c.wait();
        await awake.send(true);
        m.unlock();
      });
    }
    for (let i = 0; i < n; i++) await running.recv();
    for (let left = n; left > 0; left--) {
      await flush();
      assert.equal(awake.length, 0, 'goroutine not asleep');
      await m.lock();
      c.signal();
      m.unlock();
      await awake.recv();
      assert.equal(awake.length, 0, 'too many goroutines awake');
    }
    c.signal();
  });

  // golang/go sync/cond_test.go TestCondBroadcast
  it('broadcast wakes every waiter', async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const n = 10;
    let ready = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < n; i++) {
      wg.go(async () => {
        await m.lock();
        ready++;
        await c.wait();
        m.unlock();
      });
    }
    while (ready < n) await flush(1);
    await m.lock();
    c.broadcast();
    m.unlock();
    await wg.wait();
  });

  it('wait re-acquires the lock before returning', async () => {
    const m = new Mutex();
    const c = new Cond(m);
    await m.lock();
    const waiting = c.wait();
    await flush();
    assert.equal(m.tryLock(), true, 'wait did not release the lock');
    c.signal();
    await flush();
    const w = track(waiting);
    await flush();
    assert.equal(w(), 'pending', 'wait returned without the lock');
    m.unlock();
    await waiting;
    assert.equal(m.tryLock(), false);
    m.unlock();
  });
});

describe('uncontended locks', () => {
  it('take the lock synchronously and resolve without parking', async () => {
    const mu = new Mutex();
    const locked = track(mu.lock());
    assert.equal(mu.tryLock(), false, 'lock() took the mutex before being awaited');
    await Promise.resolve();
    assert.equal(locked(), 'fulfilled');
    mu.unlock();
    const rw = new RWMutex();
    const r = track(rw.rlock());
    assert.equal(rw.tryLock(), false);
    await Promise.resolve();
    assert.equal(r(), 'fulfilled');
    rw.runlock();
  });
});
