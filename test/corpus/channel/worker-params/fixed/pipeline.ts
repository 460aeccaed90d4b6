// A checksum pipeline: workers take file names from one channel and send digests on another; a
// closer goroutine closes the digests once every worker is done, ending the collector's range.
import { go, chan, WaitGroup, type RecvChan, type SendChan } from 'goroutines';
import { digest } from '../shared/digest.js';

async function worker(names: RecvChan<string>, digests: SendChan<string>, wg: WaitGroup): Promise<void> {
  try {
    for await (const name of names) await digests.send(`${name}:${await digest(name)}`);
  } finally {
    wg.done();
  }
}

async function feed(names: SendChan<string>, files: string[]): Promise<void> {
  try {
    for (const f of files) await names.send(f);
  } finally {
    names.close();
  }
}

export async function checksums(files: string[], workers: number): Promise<string[]> {
  const names = chan<string>();
  const digests = chan<string>();
  const wg = new WaitGroup();
  for (let i = 0; i < workers; i++) {
    wg.add(1);
    go(worker, names, digests, wg);
  }
  go(feed, names, files);
  go(async () => {
    await wg.wait();
    digests.close();
  });
  const out: string[] = [];
  for await (const d of digests) out.push(d);
  return out.sort();
}
