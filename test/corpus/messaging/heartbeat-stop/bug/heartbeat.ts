// A heartbeat sender: start() launches a goroutine that pings the peer until stopped. The stop
// channel exists, but nothing ever closes it: shutdown() forgets, so the goroutine outlives the
// service (Start without Stop).
import { go, chan, select, recv, after } from 'goroutines';
import type { Peer } from '../shared/peer.js';

export class Heartbeat {
  private readonly stop = chan<void>();
  private beats = 0;

  constructor(
    private readonly peer: Peer,
    private readonly everyMs: number,
  ) {}

  start(): void {
    go(async () => {
      for (;;) {
        const stopped = await select(
          recv(this.stop, () => true), // want "nothing closes or sends on this.stop: this case never fires, so the goroutine started at line 17 never stops"
          recv(after(this.everyMs), () => false),
        );
        if (stopped) return;
        await this.peer.ping();
        this.beats++;
      }
    });
  }

  shutdown(): number {
    return this.beats;
  }
}
