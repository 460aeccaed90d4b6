// A connection pool: borrowers wait on a condition of the pool's lock for a free connection; the
// metrics lock is only held for the counter, never across the wait.
import { Cond, Mutex } from 'goroutines';

export interface Connection {
  id: number;
}

export class Pool {
  private readonly mu = new Mutex();
  private readonly metricsMu = new Mutex();
  private readonly available = new Cond(this.mu);
  private readonly idle: Connection[] = [];
  private waits = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.idle.push({ id: i });
  }

  async borrow(): Promise<Connection> {
    await this.mu.lock();
    try {
      while (this.idle.length === 0) {
        await this.countWait();
        await this.available.wait();
      }
      return this.idle.pop()!;
    } finally {
      this.mu.unlock();
    }
  }

  private async countWait(): Promise<void> {
    await this.metricsMu.lock();
    this.waits++;
    this.metricsMu.unlock();
  }

  async release(c: Connection): Promise<void> {
    await this.mu.lock();
    this.idle.push(c);
    this.available.signal();
    this.mu.unlock();
  }

  async waited(): Promise<number> {
    await this.metricsMu.lock();
    try {
      return this.waits;
    } finally {
      this.metricsMu.unlock();
    }
  }
}
