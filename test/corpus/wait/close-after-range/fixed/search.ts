// A scatter-gather counter: one goroutine per shard sends its count, and the caller sums them with
// a range over the results channel, which a goroutine closes once every shard's goroutine is done.
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
    go(async () => {
      await wg.wait();
      counts.close();
    });
    const tally = new Tally();
    for await (const [name, n] of counts) tally.add(name, n);
    return tally;
  }
}
