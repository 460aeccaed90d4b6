// A scatter-gather counter: one goroutine per shard sends its count, and the caller sums them with
// a range over the results channel. It closes the channel only after the range, once every shard's
// goroutine is done: the range waits for a close that comes after it, and never ends.
import { go, chan, WaitGroup } from 'goroutines';
import type { Shard } from '../shared/shards.js';
import { Tally } from './tally.js';

export class Searcher {
  constructor(private readonly shards: readonly Shard[]) {}

  async count(term: string): Promise<Tally> {
    const counts = chan<[string, number]>();
    const wg = new WaitGroup();
    for (const shard of this.shards) {
      wg.add(1);
      go(async () => {
        try {
          await counts.send([shard.name, await shard.count(term)]);
        } finally {
          wg.done();
        }
      });
    }
    const tally = new Tally();
    for await (const [name, n] of counts) tally.add(name, n); // want "range over counts never ends: counts is closed only after the range, by this same goroutine \(line 27\)"
    await wg.wait();
    counts.close();
    return tally;
  }
}
