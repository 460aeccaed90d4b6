// Per-service request counters; a snapshot also reports the registry's size, read before the
// counters' lock is taken (the registry's lock is never taken under Stats.mu).
import { Mutex } from 'goroutines';
import type { Registry } from './registry.js';

export class Stats {
  private readonly mu = new Mutex();
  private readonly counts = new Map<string, number>();

  constructor(private readonly registry: Registry) {}

  async count(service: string): Promise<void> {
    await this.mu.lock();
    this.counts.set(service, (this.counts.get(service) ?? 0) + 1);
    this.mu.unlock();
  }

  async snapshot(): Promise<string> {
    await this.registry.mu.rlock();
    const services = this.registry.size();
    this.registry.mu.runlock();
    await this.mu.lock();
    try {
      return `${services} services, ${[...this.counts.values()].reduce((a, b) => a + b, 0)} requests`;
    } finally {
      this.mu.unlock();
    }
  }
}
