// 1,000,000 goroutines parked on one channel's receive, then released by closing it. Reports the
// resident memory each parked goroutine costs (RSS after a GC, minus the RSS before spawning) and
// the total time to spawn, park, release and wait for all of them.
import { runtime } from '../runtime.mjs';
export const meta = {
  title: '1e6 goroutines parked on a receive, then released',
  n: 1_000_000,
  nodeFlags: ['--max-old-space-size=8192'],
  metrics: [
    { key: 'bytesPerGoroutine', unit: 'bytes RSS per goroutine', better: 'lower', digits: 0 },
    { key: 'totalMs', unit: 'ms total', better: 'lower' },
  ],
  targets: [
    { metric: 'bytesPerGoroutine', max: 700 },
    { metric: 'bytesPerGoroutine', peer: 'go' },
    { metric: 'totalMs', peer: 'go', maxRatio: 1 },
  ],
};

const macrotask = () => new Promise((resolve) => setImmediate(resolve));

export const impls = {
  async goroutines(n) {
    const { chan, WaitGroup } = await runtime();
    const release = chan();
    const wg = new WaitGroup();
    globalThis.gc();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      wg.go(async () => {
        await release.recv();
      });
    }
    // A macrotask runs only after every goroutine has run up to its receive and parked.
    await macrotask();
    const spawnMs = performance.now() - t0;
    globalThis.gc();
    const rss1 = process.memoryUsage().rss;
    const t1 = performance.now();
    release.close();
    await wg.wait();
    const releaseMs = performance.now() - t1;
    return { bytesPerGoroutine: (rss1 - rss0) / n, totalMs: spawnMs + releaseMs };
  },
};
