// A search index: queries hold the read lock while they wait for the refresher's result, and the
// refresher needs the write lock before it publishes that result.
import { chan, go, RWMutex } from 'goroutines';

export class Index {
  private readonly mu = new RWMutex();
  private readonly refreshed = chan<number>();
  private docs: string[] = [];

  start(load: () => Promise<string[]>): void {
    go(async () => {
      const next = await load();
      await this.mu.lock();
      this.docs = next;
      this.mu.unlock();
      await this.refreshed.send(next.length);
    });
  }

  async queryAfterRefresh(term: string): Promise<string[]> {
    await this.mu.rlock();
    try {
      await this.refreshed.recv(); // want "receive from this.refreshed while holding Index.mu can block forever: the goroutine started at line 11 takes Index.mu \(line 13\) before it sends on this.refreshed \(line 16\)"
      return this.docs.filter((d) => d.includes(term));
    } finally {
      this.mu.runlock();
    }
  }

  async count(): Promise<number> {
    await this.mu.rlock();
    try {
      return this.docs.length;
    } finally {
      this.mu.runlock();
    }
  }
}
