// A read-through cache in front of a Store; a miss reads the store without holding the cache's
// lock, so the only order is Store.mu → Cache.mu (from Store.put).
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
    } finally {
      this.mu.unlock();
    }
    const v = await this.store.get(key);
    if (v === undefined) return v;
    await this.mu.lock();
    try {
      this.entries.set(key, v);
    } finally {
      this.mu.unlock();
    }
    return v;
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
