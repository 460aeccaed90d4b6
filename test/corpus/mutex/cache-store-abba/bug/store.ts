// A key-value store that keeps a read-through cache coherent: writes invalidate the cache while
// holding the store's lock (the other order is in cache.ts).
import { Mutex } from 'goroutines';
import type { Cache } from './cache.js';

export class Store {
  readonly mu = new Mutex();
  private readonly rows = new Map<string, string>();
  private readonly caches: Cache[] = [];

  attach(cache: Cache): void {
    this.caches.push(cache);
  }

  async put(key: string, value: string): Promise<void> {
    await this.mu.lock();
    try {
      this.rows.set(key, value);
      for (const c of this.caches) await c.invalidate(key); // want "lock order Store.mu → Cache.mu here, Cache.mu → Store.mu in Cache.get\(\)"
    } finally {
      this.mu.unlock();
    }
  }

  async get(key: string): Promise<string | undefined> {
    await this.mu.lock();
    try {
      return this.rows.get(key);
    } finally {
      this.mu.unlock();
    }
  }
}
