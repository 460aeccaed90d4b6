// Blocking bug, Mutex (Tu et al.: double locking): a method that holds the lock calls another that
// locks it again. Go's Mutex is not reentrant, so the goroutine waits for itself forever.
import { Mutex, go } from 'goroutines';
import { collect } from './gc.js';

class Cache {
  private readonly mu = new Mutex();
  private readonly entries = new Map<string, number>();

  async size(): Promise<number> {
    await this.mu.lock();
    try {
      return this.entries.size;
    } finally {
      this.mu.unlock();
    }
  }

  async put(k: string, v: number): Promise<void> {
    await this.mu.lock();
    try {
      this.entries.set(k, v);
      if ((await this.size()) > 100) this.entries.clear();
    } finally {
      this.mu.unlock();
    }
  }
}

go.named('writer', async () => {
  await new Cache().put('a', 1);
});
await collect();
console.log('main done');
