// A poller whose loop goroutine returns on its own when the feed fails; stop() closes the quit
// channel, which never blocks, whether the loop is still running or not.
import { go, chan, select, recv, after } from 'goroutines';
import type { Feed } from '../shared/feed.js';
import { Inbox } from './inbox.js';

export class Poller {
  private readonly quit = chan<void>();
  readonly inbox = new Inbox();

  constructor(
    private readonly feed: Feed,
    private readonly everyMs: number,
  ) {}

  start(): void {
    go(() => this.loop());
  }

  private async loop(): Promise<void> {
    for (;;) {
      const quit = await select(
        recv(this.quit, () => true),
        recv(after(this.everyMs), () => false),
      );
      if (quit) return;
      let batch: string[];
      try {
        batch = await this.feed.poll();
      } catch {
        this.inbox.failed();
        return;
      }
      this.inbox.add(batch);
    }
  }

  stop(): void {
    this.quit.close();
  }
}
