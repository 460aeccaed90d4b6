// A crawler that visits a batch of links concurrently and records what it has seen; the batch
// reads what is new under the lock and waits for its visitors after releasing it.
import { go, Mutex, WaitGroup } from 'goroutines';
import { fetchLinks } from '../shared/links.js';

export class Crawler {
  private readonly mu = new Mutex();
  private readonly seen = new Set<string>();

  private async record(url: string): Promise<boolean> {
    await this.mu.lock();
    try {
      if (this.seen.has(url)) return false;
      this.seen.add(url);
      return true;
    } finally {
      this.mu.unlock();
    }
  }

  async crawlBatch(urls: string[]): Promise<number> {
    const wg = new WaitGroup();
    let fresh: string[];
    await this.mu.lock();
    try {
      fresh = urls.filter((u) => !this.seen.has(u));
    } finally {
      this.mu.unlock();
    }
    for (const url of fresh) {
      wg.add(1);
      go(async () => {
        try {
          if (await this.record(url)) await fetchLinks(url);
        } finally {
          wg.done();
        }
      });
    }
    await wg.wait();
    return fresh.length;
  }
}
