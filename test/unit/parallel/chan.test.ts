// Shared channels across threads: Go's channel semantics with a worker goroutine on the other side.
// Several cases follow golang/go src/runtime/chan_test.go (TestChan, TestMultiConsumer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  shared,
  goParallel,
  chan,
  select,
  recv,
  send,
  otherwise,
  PanicError,
  UnclonableError,
  type SharedChan,
  type SharedMutex,
} from 'goroutines';
import { tasks } from './helpers.js';
import { idOf } from './fixtures/tasks.js';

/** Resolves `p` or reports that it is still pending after the event loop has turned a few times. */
async function settled<T>(p: Promise<T>, turns = 20): Promise<{ done: boolean; value?: T }> {
  let done = false;
  let value: T | undefined;
  void p.then((v) => {
    done = true;
    value = v;
  });
  for (let i = 0; i < turns && !done; i++) await new Promise((r) => setTimeout(r, 5));
  return { done, value };
}

test('values sent from a worker arrive in FIFO order, uncorrupted (TestChan)', async () => {
  for (const cap of [0, 1, 10, 100]) {
    const ch = shared.chan<number>(cap);
    goParallel(
      tasks.produceAndClose,
      ch as SharedChan<unknown>,
      Array.from({ length: 100 }, (_, i) => i),
    );
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    assert.deepEqual(
      got,
      Array.from({ length: 100 }, (_, i) => i),
      `cap ${cap}`,
    );
  }
});

test('every kind of value survives the trip to a worker and back', async () => {
  const values: unknown[] = [
    0,
    -1.5,
    Number.NaN,
    'héllo, 世界',
    '',
    true,
    false,
    null,
    undefined,
    123n,
    new Float64Array([1.5, 2.5]),
    new Int32Array([1, -2, 3]),
    new Uint8Array([255, 0]),
    { a: 1, nested: { b: [1, 'two', { c: null }] } },
    [1, [2, [3]]],
    new Map([['k', 1]]),
    new Set([1, 2]),
    new Date(0),
    'x'.repeat(100_000),
  ];
  const inp = shared.chan<unknown>(4);
  const out = shared.chan<unknown>(4);
  goParallel(tasks.echo, inp, out);
  void (async () => {
    for (const v of values) await inp.send(v);
    inp.close();
  })();
  const got: unknown[] = [];
  for await (const v of out) got.push(v);
  assert.deepEqual(got, values);
  assert.ok(got[10] instanceof Float64Array);
  assert.ok(got[11] instanceof Int32Array);
});

test('an unbuffered send completes only when a worker takes the value', async () => {
  const ch = shared.chan<number>();
  const p = ch.send(7);
  assert.equal((await settled(p)).done, false, 'send completed with no receiver');
  assert.equal(ch.length, 0);
  assert.equal(await tasks.recvOne(ch as SharedChan<unknown>), 7);
  assert.equal((await settled(p)).done, true);
});

test('a buffered send blocks only when the buffer is full', async () => {
  const ch = shared.chan<number>(2);
  await ch.send(1);
  await ch.send(2);
  assert.equal(ch.length, 2);
  assert.equal(ch.capacity, 2);
  const third = ch.send(3);
  assert.equal((await settled(third)).done, false);
  assert.equal(await tasks.recvOne(ch as SharedChan<unknown>), 1);
  assert.equal((await settled(third)).done, true);
  assert.deepEqual([await ch.recv(), await ch.recv()], [2, 3]);
});

test('receive from an empty channel blocks until a worker sends', async () => {
  const ch = shared.chan<unknown>(1);
  const r = ch.recv();
  assert.equal((await settled(r)).done, false);
  await tasks.sendOne(ch, 'late');
  assert.deepEqual(await settled(r), { done: true, value: 'late' });
});

test('close: the buffer drains, then receivers get the zero value and ok=false', async () => {
  const ch = shared.chan<number>(3);
  await ch.send(1);
  await ch.send(2);
  ch.close();
  assert.deepEqual(await ch.recvOk(), [1, true]);
  assert.deepEqual(await tasks.recvAll(ch as SharedChan<unknown>), [2]);
  assert.deepEqual(await ch.recvOk(), [undefined, false]);
  assert.equal(await ch.recv(), undefined);
});

test('close wakes receivers parked on another thread', async () => {
  const ch = shared.chan<unknown>();
  const p = tasks.recvAll(ch);
  assert.equal((await settled(p)).done, false);
  ch.close();
  assert.deepEqual(await p, []);
});

test('send on a closed channel and close of a closed channel panic with Go messages', async () => {
  const ch = shared.chan<number>(1);
  ch.close();
  await assert.rejects(
    async () => ch.send(1),
    (e: unknown) => e instanceof PanicError && e.message === 'send on closed channel',
  );
  assert.throws(
    () => ch.close(),
    (e: unknown) => e instanceof PanicError && e.message === 'close of closed channel',
  );
});

test('senders blocked on a worker panic when the channel is closed, and the value is not received', async () => {
  for (const cap of [0, 1]) {
    const ch = shared.chan<unknown>(cap);
    if (cap === 1) await ch.send('fills the buffer');
    const report = shared.chan<string>(1);
    goParallel(tasks.sendCatching, ch, 'blocked', report);
    // Wait until the worker's send is parked: for cap 0 its value sits in the rendezvous slot.
    const r = report.recv();
    assert.equal((await settled(r)).done, false);
    ch.close();
    assert.equal(await r, 'PanicError: send on closed channel', `cap ${cap}`);
    const rest: unknown[] = [];
    for await (const v of ch) rest.push(v);
    assert.deepEqual(rest, cap === 1 ? ['fills the buffer'] : []);
  }
});

test('many producers on two workers, one consumer: nothing lost or duplicated (TestMultiConsumer)', async () => {
  const ch = shared.chan<number>(16);
  const n = 2000;
  const parts = 4;
  void (async () => {
    await Promise.all(Array.from({ length: parts }, (_, p) => tasks.produce(ch, p * n, n)));
    ch.close();
  })();
  const seen = new Set<number>();
  for await (const v of ch) {
    assert.ok(!seen.has(v), `duplicate ${v}`);
    seen.add(v);
  }
  assert.equal(seen.size, parts * n);
});

test('a value that cannot cross threads is refused at the send, not lost', async () => {
  const ch = shared.chan<unknown>(4);
  class Secret {
    #key = 42;
    get key() {
      return this.#key;
    }
  }
  assert.throws(
    () => ch.send(() => 1),
    (e: unknown) => e instanceof UnclonableError && /a function/.test((e as Error).message),
  );
  assert.throws(
    () => ch.send(new Secret()),
    (e: unknown) => e instanceof UnclonableError && /instance of Secret/.test((e as Error).message),
  );
  assert.throws(() => ch.send({ inner: [new Secret()] }), UnclonableError);
  assert.equal(ch.length, 0);
});

test('select over a local and a shared channel takes whichever a worker makes ready', async () => {
  const local = chan<string>();
  const sh = shared.chan<unknown>();
  goParallel(tasks.sendOne, sh, 'from worker');
  const got = await select(
    recv(local, (...r) => `local ${String(r[0])}`),
    recv(sh, (v, ok) => `shared ${v} ${ok}`),
  );
  assert.equal(got, 'shared from worker true');
});

test('select sends on a shared channel when a worker receives, and never commits a losing case', async () => {
  const sh = shared.chan<unknown>();
  const other = shared.chan<unknown>(1);
  const p = tasks.recvOne(sh);
  const which = await select(
    send(sh, 'hello', () => 'sent'),
    recv(other, () => 'other'),
  );
  assert.equal(which, 'sent');
  assert.equal(await p, 'hello');
  // The receive case lost: a value sent afterwards stays for the next receiver.
  await other.send('kept');
  assert.equal(other.length, 1);
});

test('select with otherwise does not block on an empty shared channel', async () => {
  const sh = shared.chan<number>(1);
  assert.equal(
    await select(
      recv(sh, () => 'got'),
      otherwise(() => 'default'),
    ),
    'default',
  );
  await sh.send(1);
  assert.equal(
    await select(
      recv(sh, (...r) => `got ${String(r[0])}`),
      otherwise(() => 'default'),
    ),
    'got 1',
  );
});

test('a shared object sent over a shared channel arrives usable on the other thread', async () => {
  // main → worker: reply channels inside plain objects.
  const requests = shared.chan<{ n: number; reply: SharedChan<number> }>(4);
  goParallel(tasks.serveReplies, requests);
  const reply = shared.chan<number>(4);
  for (let n = 1; n <= 3; n++) await requests.send({ n, reply });
  assert.deepEqual([await reply.recv(), await reply.recv(), await reply.recv()], [2, 4, 6]);
  requests.close();

  // worker → main: objects made on the worker, one arriving twice is the same instance.
  const out = shared.chan<unknown>(2);
  goParallel(tasks.sendOwnObjects, out);
  const { ch, mu } = (await out.recv()) as { ch: SharedChan<string>; mu: SharedMutex };
  assert.equal(await ch.recv(), 'from the worker');
  assert.equal(mu.tryLock(), false, 'the mutex is the one the worker holds');
  const [a, b] = (await out.recv()) as SharedChan<string>[];
  assert.equal(a, ch);
  assert.equal(b, ch);

  // worker → worker, through an unbuffered channel.
  const via = shared.chan<unknown>();
  goParallel(tasks.answerOnReceived, via as SharedChan<SharedChan<string>>);
  assert.match(String(await tasks.handOverAndWait(via)), /^answered on thread \d+$/);
});

test('a shared object inside a value the compact format does not cover is refused at the send', async () => {
  const ch = shared.chan<unknown>(1);
  await assert.rejects(
    async () => ch.send(new Map([['ch', ch]])),
    (e: unknown) => e instanceof UnclonableError && /shared/.test((e as Error).message),
  );
});

test('a select case parked on a buffered shared channel queues: a later plain operation cannot overtake it', async () => {
  // Receive: the select waits first, so it gets the first value.
  const ch = shared.chan<number>(1);
  const sel = select(recv(ch, (v) => `select ${v}`));
  const plain = ch.recv();
  await tasks.sendOne(ch as SharedChan<unknown>, 1);
  await tasks.sendOne(ch as SharedChan<unknown>, 2);
  assert.equal(await sel, 'select 1');
  assert.equal(await plain, 2);

  // Send: the select's value goes into the buffer before a later plain send's.
  const full = shared.chan<string>(1);
  await full.send('first');
  const selSend = select(send(full, 'from select', () => 'sent'));
  const plainSend = full.send('from plain send');
  assert.deepEqual(await tasks.recvOne(full as SharedChan<unknown>), 'first');
  assert.deepEqual(await tasks.recvOne(full as SharedChan<unknown>), 'from select');
  assert.deepEqual(await tasks.recvOne(full as SharedChan<unknown>), 'from plain send');
  assert.equal(await selSend, 'sent');
  await plainSend;

  // A select that takes another case gives its place in the queue to the next in line.
  const local = chan<string>(1);
  const sel2 = select(
    recv(ch, () => 'shared'),
    recv(local, () => 'local'),
  );
  const behind = ch.recv();
  await local.send('x');
  assert.equal(await sel2, 'local');
  await tasks.sendOne(ch as SharedChan<unknown>, 7);
  assert.equal(await behind, 7);
  assert.equal(ch.length, 0);
});

test('a small buffered channel under producers and consumers on every thread: each value exactly once', async () => {
  const ch = shared.chan<unknown>(3);
  const wg = new shared.WaitGroup();
  const per = 1500;
  wg.add(2);
  goParallel(tasks.produceMixed, ch, 0, per, wg);
  goParallel(tasks.produceMixed, ch, per, per, wg);
  const remote = tasks.collectIds(ch);
  const local: number[] = [];
  const closer = (async () => {
    await wg.wait();
    ch.close();
  })();
  for await (const v of ch) local.push(idOf(v));
  await closer;
  const all = [...local, ...(await remote)].sort((a, b) => a - b);
  assert.equal(all.length, 2 * per);
  assert.deepEqual(
    all,
    Array.from({ length: 2 * per }, (_, i) => i),
  );
});

test('select over two buffered shared channels with a competing receiver: each value exactly once', async () => {
  const a = shared.chan<unknown>(2);
  const b = shared.chan<unknown>(2);
  const wg = new shared.WaitGroup();
  const per = 600;
  wg.add(2);
  goParallel(tasks.produceMixed, a, 0, per, wg);
  goParallel(tasks.produceMixed, b, per, per, wg);
  const competitor = tasks.collectIds(b);
  const closer = (async () => {
    await wg.wait();
    a.close();
    b.close();
  })();
  const got: number[] = [];
  let ca: SharedChan<unknown> | null = a;
  let cb: SharedChan<unknown> | null = b;
  while (ca !== null || cb !== null) {
    await select(
      recv(ca, (v, ok) => {
        if (ok) got.push(idOf(v));
        else ca = null;
      }),
      recv(cb, (v, ok) => {
        if (ok) got.push(idOf(v));
        else cb = null;
      }),
    );
  }
  await closer;
  const all = [...got, ...(await competitor)].sort((x, y) => x - y);
  assert.deepEqual(
    all,
    Array.from({ length: 2 * per }, (_, i) => i),
  );
});
