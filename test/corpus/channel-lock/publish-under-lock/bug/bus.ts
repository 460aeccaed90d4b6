// An event bus: update() changes the state under the bus's lock and publishes the change through
// publish(), which hands it to the dispatcher goroutine on an unbuffered channel. The dispatcher
// reads the subscriber list under the same lock before it takes the next event: while update()
// holds the lock waiting for the dispatcher, the dispatcher waits for the lock.
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
    await this.mu.lock();
    try {
      this.version++;
      await this.publish({ key, value, version: this.version }); // want "publish\(\) \(it does a send on this.events at line 35\) while holding Bus.mu can block forever: Bus.dispatch\(\) takes Bus.mu \(line 40\) before it receives from this.events \(line 43\)"
    } finally {
      this.mu.unlock();
    }
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
