// Per-service request counters; a snapshot also reports the registry's size.
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
    await this.mu.lock();
    try {
      await this.registry.mu.lock(); // want "lock order Stats.mu → Registry.mu here, Registry.mu → Stats.mu in Registry.resolve\(\)"
      try {
        return `${this.registry.size()} services, ${[...this.counts.values()].reduce((a, b) => a + b, 0)} requests`;
      } finally {
        this.registry.mu.unlock();
      }
    } finally {
      this.mu.unlock();
    }
  }
}
