// A search index: queries wait for the refresher's result before they take the read lock, so the
// refresher can take the write lock to publish it.
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
    await this.refreshed.recv();
    await this.mu.rlock();
    try {
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
