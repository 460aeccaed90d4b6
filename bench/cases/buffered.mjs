// Buffered channel of capacity 1024: one producer sends 1,000,000 numbers, one consumer ranges over
// them. Measures the buffer fast path and the hand-off when the buffer is full or empty.
import { runtime } from '../runtime.mjs';
export const meta = {
  title: 'buffered channel (cap 1024, 1e6 messages)',
  n: 1_000_000,
  metrics: [{ key: 'rate', unit: 'messages/s', better: 'higher' }],
  targets: [
    { metric: 'rate', peer: 'effect', min: 2.5 },
    { metric: 'rate', peer: 'go', min: 0.35 },
    { metric: 'rate', peer: 'ts-chan' },
  ],
};

export const impls = {
  async goroutines(n) {
    const { go, chan } = await runtime();
    const ch = chan(1024);
    const t0 = performance.now();
    go(async () => {
      for (let i = 0; i < n; i++) await ch.send(i);
      ch.close();
    });
    let sum = 0;
    for await (const v of ch) sum += v;
    const ms = performance.now() - t0;
    check(sum, n);
    return { rate: (n / ms) * 1000 };
  },

  async effect(n) {
    const { Effect, Queue } = await import('effect');
    const program = Effect.gen(function* () {
      const q = yield* Queue.bounded(1024);
      yield* Effect.forkChild(
        Effect.gen(function* () {
          for (let i = 0; i < n; i++) yield* Queue.offer(q, i);
        }),
      );
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield* Queue.take(q);
      return sum;
    });
    const t0 = performance.now();
    const sum = await Effect.runPromise(program);
    const ms = performance.now() - t0;
    check(sum, n);
    return { rate: (n / ms) * 1000 };
  },

  async 'ts-chan'(n) {
    const { Chan } = await import('ts-chan');
    const ch = new Chan(1024).setUnsafe(true);
    const t0 = performance.now();
    const producer = (async () => {
      for (let i = 0; i < n; i++) await ch.send(i);
      ch.close();
    })();
    let sum = 0;
    for (;;) {
      const r = await ch.recv();
      if (r.done) break;
      sum += r.value;
    }
    await producer;
    const ms = performance.now() - t0;
    check(sum, n);
    return { rate: (n / ms) * 1000 };
  },
};

function check(sum, n) {
  if (sum !== (n * (n - 1)) / 2) throw new Error(`lost messages: sum ${sum}`);
}
