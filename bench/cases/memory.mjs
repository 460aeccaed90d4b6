// 10 million channel operations must leave the heap where it was. Each value is sent and received
// through a small buffered channel and then handed over an unbuffered one (four operations). The
// figure is heap used after a full GC, after the run minus before it; a warm-up run comes first so
// that compiled code and caches are not counted.
import { runtime } from '../runtime.mjs';
export const meta = {
  title: 'heap growth across 1e7 channel operations',
  n: 10_000_000,
  multipleOf: 4,
  go: false,
  // Debug runs keep records for the inspector on purpose; their heap is not the figure here.
  debug: false,
  metrics: [{ key: 'heapGrowth', unit: 'bytes heap growth', better: 'lower', digits: 0 }],
  targets: [{ metric: 'heapGrowth', max: 1024 * 1024 }],
};

export const impls = {
  async goroutines(n) {
    const { go, chan, WaitGroup } = await runtime();
    const run = async (ops) => {
      const ch = chan(16);
      const ping = chan();
      const wg = new WaitGroup();
      const values = ops / 4;
      wg.go(async () => {
        for (let i = 0; i < values; i++) await ch.send(i);
        ch.close();
      });
      go(async () => {
        for await (const v of ping) void v;
      });
      for await (const v of ch) await ping.send(v);
      ping.close();
      await wg.wait();
    };
    await run(100_000);
    globalThis.gc();
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    await run(n);
    globalThis.gc();
    globalThis.gc();
    const after = process.memoryUsage().heapUsed;
    return { heapGrowth: after - before };
  },
};
