// A read-through cache in front of a Store; misses are filled while the cache's lock is held.
import { Mutex } from 'goroutines';
import type { Store } from './store.js';

export class Cache {
  private readonly mu = new Mutex();
  private readonly entries = new Map<string, string>();
  hits = 0;

  constructor(private readonly store: Store) {
    store.attach(this);
  }

  async get(key: string): Promise<string | undefined> {
    await this.mu.lock();
    try {
      const hit = this.entries.get(key);
      if (hit !== undefined) {
        this.hits++;
        return hit;
      }
      const v = await this.store.get(key); // want "lock order Cache.mu → Store.mu here, Store.mu → Cache.mu in Store.put\(\)"
      if (v !== undefined) this.entries.set(key, v);
      return v;
    } finally {
      this.mu.unlock();
    }
  }

  async invalidate(key: string): Promise<void> {
    await this.mu.lock();
    try {
      this.entries.delete(key);
    } finally {
      this.mu.unlock();
    }
  }
}
