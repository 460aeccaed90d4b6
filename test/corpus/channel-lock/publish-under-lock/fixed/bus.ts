// An event bus: update() changes the state under the bus's lock, releases it, and only then
// publishes the change to the dispatcher goroutine, which reads the subscriber list under the same
// lock before it takes the next event.
import { go, chan, Mutex } from 'goroutines';
import type { Change, Listener } from './change.js';

export class Bus {
  private readonly mu = new Mutex();
  private readonly events = chan<Change>();
  private readonly listeners: Listener[] = [];
  private version = 0;

  start(): void {
    go(() => this.dispatch());
  }

  async subscribe(l: Listener): Promise<void> {
    await this.mu.lock();
    this.listeners.push(l);
    this.mu.unlock();
  }

  async update(key: string, value: string): Promise<void> {
    let version: number;
    await this.mu.lock();
    try {
      version = ++this.version;
    } finally {
      this.mu.unlock();
    }
    await this.publish({ key, value, version });
  }

  private async publish(c: Change): Promise<void> {
    await this.events.send(c);
  }

  private async dispatch(): Promise<void> {
    for (;;) {
      await this.mu.lock();
      const ls = [...this.listeners];
      this.mu.unlock();
      const c = await this.events.recv();
      if (!c) return;
      for (const l of ls) l(c);
    }
  }
}
