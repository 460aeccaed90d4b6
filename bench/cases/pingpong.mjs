// Unbuffered ping-pong: one value handed back and forth between two goroutines. A round trip is two
// rendezvous, so this measures the cost of a blocking send meeting a parked receiver.
import { runtime } from '../runtime.mjs';
export const meta = {
  title: 'unbuffered ping-pong',
  n: 300_000,
  metrics: [{ key: 'rate', unit: 'round trips/s', better: 'higher' }],
  targets: [
    { metric: 'rate', peer: 'ts-chan', min: 2 },
    { metric: 'rate', peer: 'go', min: 0.6 },
  ],
};

export const impls = {
  async goroutines(n) {
    const { go, chan } = await runtime();
    const ping = chan();
    const pong = chan();
    go(async () => {
      for await (const v of ping) await pong.send(v);
      pong.close();
    });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      await ping.send(i);
      await pong.recv();
    }
    const ms = performance.now() - t0;
    ping.close();
    await pong.recv();
    return { rate: (n / ms) * 1000 };
  },

  async 'ts-chan'(n) {
    const { Chan } = await import('ts-chan');
    const ping = new Chan(0).setUnsafe(true);
    const pong = new Chan(0).setUnsafe(true);
    const echo = (async () => {
      for (;;) {
        const r = await ping.recv();
        if (r.done) break;
        await pong.send(r.value);
      }
    })();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      await ping.send(i);
      await pong.recv();
    }
    const ms = performance.now() - t0;
    ping.close();
    await echo;
    return { rate: (n / ms) * 1000 };
  },
};
