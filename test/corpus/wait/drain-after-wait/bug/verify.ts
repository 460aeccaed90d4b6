// A verifier that checksums files in parallel and collects the sums: it waits for every worker
// before draining the results channel, but each worker is blocked sending its sum until someone
// drains it. wg.wait() never returns.
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
          await sums.send(`${name}:${checksum(data)}`); // want "send on sums blocks forever: Verifier.mismatches\(\) waits for this goroutine \(wg.wait\(\) at line 23\) before it receives from sums"
        } finally {
          wg.done();
        }
      });
    }
    await wg.wait();
    sums.close();
    const all = await collect(sums);
    return all.filter((s) => {
      const [name, sum] = s.split(':');
      return this.expected.get(name!) !== sum;
    });
  }
}
