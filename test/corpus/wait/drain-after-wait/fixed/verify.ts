// A verifier that checksums files in parallel and collects the sums: a goroutine closes the results
// channel once every worker is done, while the caller drains it.
import { go, chan, WaitGroup } from 'goroutines';
import { checksum, collect } from './collect.js';

export class Verifier {
  constructor(private readonly expected: ReadonlyMap<string, string>) {}

  async mismatches(files: ReadonlyMap<string, Uint8Array>): Promise<string[]> {
    const sums = chan<string>();
    const wg = new WaitGroup();
    for (const [name, data] of files) {
      wg.add(1);
      go(async () => {
        try {
          await sums.send(`${name}:${checksum(data)}`);
        } finally {
          wg.done();
        }
      });
    }
    go(async () => {
      await wg.wait();
      sums.close();
    });
    const all = await collect(sums);
    return all.filter((s) => {
      const [name, sum] = s.split(':');
      return this.expected.get(name!) !== sum;
    });
  }
}
