// A resolver that races a lookup against a deadline; the lookup runs as a named goroutine that
// reports on the channel it is given, buffered so the report never waits for a reader.
import { go, chan, select, recv, after, type SendChan } from 'goroutines';
import { lookupHost } from '../shared/net.js';

async function lookup(host: string, out: SendChan<string[]>): Promise<void> {
  const addrs = await lookupHost(host);
  await out.send(addrs);
}

export class Resolver {
  async resolve(host: string, timeoutMs: number): Promise<string[]> {
    const answer = chan<string[]>(1); // the lookup can report after the deadline
    go(lookup, host, answer);
    return select(
      recv(answer, (a) => a ?? []),
      recv(after(timeoutMs), () => []),
    );
  }
}
