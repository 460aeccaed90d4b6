// A crawler that visits a batch of links concurrently and records what it has seen; the batch
// waits for its visitors while still holding the lock they need to record their visit.
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
    await this.mu.lock();
    try {
      const fresh = urls.filter((u) => !this.seen.has(u));
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
      await wg.wait(); // want "wg.wait\(\) while holding Crawler.mu can block forever: the goroutine started at line 28 takes Crawler.mu \(line 30\) before it calls wg.done\(\)"
      return fresh.length;
    } finally {
      this.mu.unlock();
    }
  }
}
