// select over three unbuffered channels, each fed by its own producer goroutine; the consumer runs
// one select per message. Measures case setup, readiness polling and the park/wake of a select.
import { runtime } from '../runtime.mjs';
export const meta = {
  title: 'select over 3 channels',
  n: 300_000,
  multipleOf: 3,
  metrics: [{ key: 'rate', unit: 'selects/s', better: 'higher' }],
  targets: [
    { metric: 'rate', peer: 'ts-chan', min: 2 },
    { metric: 'rate', peer: 'go' },
  ],
};

export const impls = {
  async goroutines(n) {
    const { go, chan, select, recv } = await runtime();
    const chans = [chan(), chan(), chan()];
    const per = n / 3;
    for (const ch of chans) {
      go(async () => {
        for (let i = 0; i < per; i++) await ch.send(1);
      });
    }
    const [a, b, c] = chans;
    let sum = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      await select(
        recv(a, (v) => {
          sum += v;
        }),
        recv(b, (v) => {
          sum += v;
        }),
        recv(c, (v) => {
          sum += v;
        }),
      );
    }
    const ms = performance.now() - t0;
    if (sum !== n) throw new Error(`lost messages: ${sum}`);
    return { rate: (n / ms) * 1000 };
  },

  async 'ts-chan'(n) {
    const { Chan, Select, recv } = await import('ts-chan');
    const chans = [new Chan(0).setUnsafe(true), new Chan(0).setUnsafe(true), new Chan(0).setUnsafe(true)];
    const per = n / 3;
    const producers = chans.map(async (ch) => {
      for (let i = 0; i < per; i++) await ch.send(1);
    });
    const sel = new Select(chans.map((ch) => recv(ch))).setUnsafe(true);
    let sum = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const k = await sel.wait();
      sum += sel.recv(sel.cases[k]).value;
    }
    const ms = performance.now() - t0;
    await Promise.all(producers);
    if (sum !== n) throw new Error(`lost messages: ${sum}`);
    return { rate: (n / ms) * 1000 };
  },
};
