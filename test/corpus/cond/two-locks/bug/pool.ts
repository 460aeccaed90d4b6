// A connection pool: borrowers wait on a condition of the pool's lock for a free connection. The
// bug: borrow() also holds the metrics lock while it waits, and release() needs the metrics lock
// before it can signal.
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
    await this.metricsMu.lock();
    await this.mu.lock();
    try {
      while (this.idle.length === 0) {
        this.waits++;
        await this.available.wait(); // want "this.available.wait\(\) while holding Pool.metricsMu can block forever: Pool.release\(\) takes Pool.metricsMu \(line 37\) before it calls this.available.signal\(\)"
      }
      return this.idle.pop()!;
    } finally {
      this.mu.unlock();
      this.metricsMu.unlock();
    }
  }

  async release(c: Connection): Promise<void> {
    await this.metricsMu.lock();
    await this.mu.lock();
    this.idle.push(c);
    this.available.signal();
    this.mu.unlock();
    this.metricsMu.unlock();
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
