// A service registry: endpoints under an RWMutex, and request statistics under a Mutex.
import { RWMutex } from 'goroutines';
import { Stats } from './stats.js';

export class Registry {
  readonly mu = new RWMutex();
  private readonly endpoints = new Map<string, string[]>();
  readonly stats = new Stats(this);

  async resolve(service: string): Promise<string | undefined> {
    await this.mu.rlock();
    try {
      const list = this.endpoints.get(service);
      await this.stats.count(service); // want "lock order Registry.mu → Stats.mu here, Stats.mu → Registry.mu in Stats.snapshot\(\)"
      return list?.[0];
    } finally {
      this.mu.runlock();
    }
  }

  async register(service: string, addr: string): Promise<void> {
    await this.mu.lock();
    try {
      this.endpoints.set(service, [...(this.endpoints.get(service) ?? []), addr]);
    } finally {
      this.mu.unlock();
    }
  }

  size(): number {
    return this.endpoints.size;
  }
}
