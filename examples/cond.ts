// sync.Cond: a bounded queue where producers wait while it is full and consumers wait while it is
// empty. Each wait is in a loop that re-checks its condition with the lock held, as Go's
// documentation requires: a woken goroutine may find the condition false again.
import { Cond, Mutex, WaitGroup } from 'goroutines';

class BoundedQueue<T> {
  private readonly mu = new Mutex();
  private readonly notEmpty = new Cond(this.mu);
  private readonly notFull = new Cond(this.mu);
  private readonly items: T[] = [];
  private closed = false;

  constructor(private readonly capacity: number) {}

  async put(item: T): Promise<void> {
    await this.mu.lock();
    try {
      while (this.items.length === this.capacity) await this.notFull.wait();
      this.items.push(item);
      this.notEmpty.signal();
    } finally {
      this.mu.unlock();
    }
  }

  /** Returns the next item, or undefined once the queue is closed and empty. */
  async take(): Promise<T | undefined> {
    await this.mu.lock();
    try {
      while (this.items.length === 0 && !this.closed) await this.notEmpty.wait();
      const item = this.items.shift();
      this.notFull.signal();
      return item;
    } finally {
      this.mu.unlock();
    }
  }

  /** Wakes every waiting consumer: there is nothing more to wait for. */
  async close(): Promise<void> {
    await this.mu.lock();
    try {
      this.closed = true;
      this.notEmpty.broadcast();
    } finally {
      this.mu.unlock();
    }
  }
}

async function main(): Promise<void> {
  const queue = new BoundedQueue<number>(2);
  const taken: number[][] = [[], [], []];
  const consumers = new WaitGroup();
  for (const mine of taken) {
    consumers.go(async () => {
      for (let item = await queue.take(); item !== undefined; item = await queue.take()) mine.push(item);
    });
  }
  for (let i = 1; i <= 10; i++) await queue.put(i);
  await queue.close();
  await consumers.wait();

  const all = taken.flat().sort((a, b) => a - b);
  console.log(`taken: ${all.join(' ')}`);
  console.log(
    `each consumer saw its items in order: ${taken.every((t) => t.every((v, i) => i === 0 || t[i - 1]! < v))}`,
  );
}

await main();
