// sync.RWMutex: a cache read by many goroutines at once and written by few. Readers share the lock;
// a writer holds it alone. The guards from `rlock()`/`lock()` release the lock at the end of the
// block (`using`), like a deferred unlock.
import { sleep, RWMutex, WaitGroup } from 'goroutines';

class Cache {
  private readonly mu = new RWMutex();
  private readonly entries = new Map<string, number>();
  readers = 0;
  maxReaders = 0;
  writerOverlaps = 0;

  async get(key: string): Promise<number | undefined> {
    using _ = await this.mu.rlock();
    this.readers++;
    this.maxReaders = Math.max(this.maxReaders, this.readers);
    try {
      await sleep(1); // readers overlap while they hold the read lock
      return this.entries.get(key);
    } finally {
      this.readers--;
    }
  }

  async set(key: string, value: number): Promise<void> {
    using _ = await this.mu.lock();
    if (this.readers !== 0) this.writerOverlaps++;
    await sleep(1);
    this.entries.set(key, value);
  }
}

async function main(): Promise<void> {
  const cache = new Cache();
  await cache.set('hits', 0);
  const wg = new WaitGroup();
  let reads = 0;
  for (let i = 0; i < 20; i++) {
    wg.go(async () => {
      await cache.get('hits');
      reads++;
    });
  }
  for (let i = 1; i <= 5; i++) wg.go(() => cache.set('hits', i * 10));
  await wg.wait();

  console.log(`reads: ${reads}`);
  console.log(`readers shared the lock: ${cache.maxReaders > 1}`);
  console.log(`a writer overlapped a reader: ${cache.writerOverlaps > 0}`);
  console.log(`final value written: ${(await cache.get('hits')) !== undefined}`);
}

await main();
