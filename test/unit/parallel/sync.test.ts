// The shared sync primitives across threads: Go's sync semantics with goroutines on two workers and
// the main thread. Cases follow golang/go src/sync/mutex_test.go (TestMutex), rwmutex_test.go
// (TestRWMutex, writer preference), waitgroup_test.go (TestWaitGroup, negative counter),
// cond_test.go (TestCondSignal, TestCondBroadcast), once_test.go (TestOnce) and
// golang.org/x/sync semaphore_test.go (TestWeighted, TestLargeAcquireDoesntStarve).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shared, goParallel, PanicError, context } from 'goroutines';
import { tasks } from './helpers.js';
import { lockedIncrements } from './fixtures/tasks.js';

async function pending(p: Promise<unknown>, turns = 20): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < turns && !done; i++) await new Promise((r) => setTimeout(r, 5));
  return !done;
}

test('Mutex: increments under the lock from two workers and main are never lost (TestMutex)', async () => {
  const mu = new shared.Mutex();
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const wg = new shared.WaitGroup();
  const per = 300;
  wg.add(3);
  goParallel(tasks.lockedIncrements, mu, cell, per, wg);
  goParallel(tasks.lockedIncrements, mu, cell, per, wg);
  // The same function, on the main thread.
  await lockedIncrements(mu, cell, per, wg);
  await wg.wait();
  assert.equal(cell[0], 3 * per);
});

test('Mutex: held by a worker, tryLock fails and lock waits; unlock of an unlocked mutex panics', async () => {
  const mu = new shared.Mutex();
  const locked = shared.chan<number>();
  const release = shared.chan<number>();
  goParallel(tasks.lockAndSignal, mu, locked, release);
  await locked.recv();
  assert.equal(mu.tryLock(), false);
  const l = mu.lock();
  assert.equal(await pending(l), true);
  await release.send(1);
  await l;
  mu.unlock();
  assert.throws(
    () => mu.unlock(),
    (e: unknown) => e instanceof PanicError && e.message === 'sync: unlock of unlocked mutex',
  );
});

test('RWMutex: readers share, a writer excludes them (TestRWMutex)', async () => {
  const rw = new shared.RWMutex();
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const [, bad1, bad2] = await Promise.all([
    tasks.writerIncrements(rw, cell, 200),
    tasks.readerChecks(rw, cell, 200),
    tasks.readerChecks(rw, cell, 200),
  ]);
  assert.equal(cell[0], 200);
  assert.equal(bad1, 0);
  assert.equal(bad2, 0);
});

test('RWMutex: a blocked writer keeps new readers out (writer preference)', async () => {
  const rw = new shared.RWMutex();
  const held = shared.chan<number>();
  const release = shared.chan<number>();
  goParallel(tasks.rlockHold, rw, held, release);
  await held.recv();
  assert.equal(rw.tryRLock(), true, 'readers share');
  rw.runlock();
  const w = rw.lock();
  assert.equal(await pending(w), true);
  assert.equal(rw.tryRLock(), false, 'a reader got in past a waiting writer');
  const r = rw.rlock();
  await release.send(1);
  await w;
  assert.equal(await pending(r), true, 'a reader got in while the writer holds the lock');
  rw.unlock();
  await r;
  rw.runlock();
  assert.throws(
    () => rw.runlock(),
    (e: unknown) => e instanceof PanicError && e.message === 'sync: RUnlock of unlocked RWMutex',
  );
  assert.throws(
    () => rw.unlock(),
    (e: unknown) => e instanceof PanicError && e.message === 'sync: Unlock of unlocked RWMutex',
  );
});

test('WaitGroup: a worker waits until main brings the counter to zero; negative counter panics (TestWaitGroup)', async () => {
  const wg = new shared.WaitGroup();
  const done = shared.chan<string>(1);
  wg.add(2);
  goParallel(tasks.waitOn, wg, done);
  wg.done();
  const r = done.recv();
  assert.equal(await pending(r), true);
  wg.done();
  assert.equal(await r, 'waited');
  assert.throws(
    () => wg.done(),
    (e: unknown) => e instanceof PanicError && e.message === 'sync: negative WaitGroup counter',
  );
});

test('Cond: signal wakes exactly one waiter, broadcast wakes them all (TestCondSignal, TestCondBroadcast)', async () => {
  const mu = new shared.Mutex();
  const c = new shared.Cond(mu);
  // state[0]: whose turn (-1: everyone); state[1]: waiters that reached the loop; state[2]: wake-ups.
  const state = new Int32Array(new SharedArrayBuffer(12));
  const woke = shared.chan<number>(3);
  for (const id of [1, 2, 3]) goParallel(tasks.condWaiter, c, state, woke, id);
  while (Atomics.load(state, 1) < 3) await new Promise((r) => setTimeout(r, 5));
  // The last waiter may still be between counting itself and waiting: take the lock to be sure.
  await mu.lock();
  mu.unlock();
  c.signal();
  while (Atomics.load(state, 2) < 1) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(Atomics.load(state, 2), 1, 'signal woke more than one waiter');
  assert.equal(woke.length, 0);
  await mu.lock();
  state[0] = -1;
  mu.unlock();
  c.broadcast();
  const all = [await woke.recv(), await woke.recv(), await woke.recv()].sort();
  assert.deepEqual(all, [1, 2, 3]);
});

test('Once: the function runs once across threads, and every caller returns after it (TestOnce)', async () => {
  const once = new shared.Once();
  const runs = new shared.Int32();
  const wg = new shared.WaitGroup();
  wg.add(4);
  for (let i = 0; i < 4; i++) goParallel(tasks.onceRunner, once, runs, wg);
  await wg.wait();
  await once.do(() => runs.add(1));
  assert.equal(runs.load(), 1);
});

test('Semaphore: weights across threads, a large request is not starved, cancel leaves the queue (TestLargeAcquireDoesntStarve)', async () => {
  const s = new shared.Semaphore(3);
  const got = shared.chan<number>(1);
  const release = shared.chan<number>();
  goParallel(tasks.semHolder, s, 2, got, release);
  assert.equal(await got.recv(), 2);
  assert.equal(s.tryAcquire(2), false);
  const big = s.acquire(undefined, 3);
  assert.equal(await pending(big), true);
  assert.equal(s.tryAcquire(1), false, 'a small request jumped a waiting large one');
  const [ctx, cancel] = context.withCancel(context.background());
  const small = s.acquire(ctx, 1);
  cancel();
  await assert.rejects(small);
  await release.send(1);
  await big;
  s.release(3);
  assert.equal(s.tryAcquire(3), true);
  s.release(3);
  assert.throws(
    () => s.release(1),
    (e: unknown) => e instanceof PanicError && e.message === 'semaphore: released more than held',
  );
});

test('atomic Int32 and Int64: adds from two workers and main all count', async () => {
  const x = new shared.Int32();
  const wg = new shared.WaitGroup();
  wg.add(2);
  goParallel(tasks.atomicAdds, x, 5000, wg);
  goParallel(tasks.atomicAdds, x, 5000, wg);
  for (let i = 0; i < 5000; i++) x.add(1);
  await wg.wait();
  assert.equal(x.load(), 15000);
  assert.equal(x.compareAndSwap(15000, 1), true);
  assert.equal(x.swap(2), 1);
  const y = new shared.Int64(1n << 40n);
  await Promise.all([tasks.int64Adds(y, 1000), tasks.int64Adds(y, 1000)]);
  assert.equal(y.load(), (1n << 40n) + 6000n);
});
