// Uncontended Mutex: lock, touch the guarded value, unlock, in a loop on one goroutine. Measures the
// free-lock fast path (no waiter, nothing to hand over).
import { runtime } from '../runtime.mjs';
export const meta = {
  title: 'uncontended Mutex lock+unlock',
  n: 3_000_000,
  metrics: [{ key: 'rate', unit: 'lock+unlock/s', better: 'higher' }],
  targets: [
    { metric: 'rate', peer: 'async-mutex', min: 50 },
    { metric: 'rate', peer: 'go' },
  ],
};

export const impls = {
  async goroutines(n) {
    const { Mutex } = await runtime();
    const mu = new Mutex();
    let guarded = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      await mu.lock();
      try {
        guarded++;
      } finally {
        mu.unlock();
      }
    }
    const ms = performance.now() - t0;
    if (guarded !== n) throw new Error('lost updates');
    return { rate: (n / ms) * 1000 };
  },

  async 'async-mutex'(n) {
    const { Mutex } = await import('async-mutex');
    const mu = new Mutex();
    let guarded = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const release = await mu.acquire();
      try {
        guarded++;
      } finally {
        release();
      }
    }
    const ms = performance.now() - t0;
    if (guarded !== n) throw new Error('lost updates');
    return { rate: (n / ms) * 1000 };
  },
};
