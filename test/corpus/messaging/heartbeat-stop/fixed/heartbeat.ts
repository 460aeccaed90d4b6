// A heartbeat sender: start() launches a goroutine that pings the peer until shutdown() closes the
// stop channel.
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
          recv(this.stop, () => true),
          recv(after(this.everyMs), () => false),
        );
        if (stopped) return;
        await this.peer.ping();
        this.beats++;
      }
    });
  }

  shutdown(): number {
    this.stop.close();
    return this.beats;
  }
}
