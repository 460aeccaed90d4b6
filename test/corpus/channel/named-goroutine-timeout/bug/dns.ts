// A resolver that races a lookup against a deadline; the lookup runs as a named goroutine that
// reports on the channel it is given, and nobody reads that channel once the deadline wins.
import { go, chan, select, recv, after, type SendChan } from 'goroutines';
import { lookupHost } from '../shared/net.js';

async function lookup(host: string, out: SendChan<string[]>): Promise<void> {
  const addrs = await lookupHost(host);
  await out.send(addrs); // want "send on out blocks forever when the select at line 15 takes its after\(timeoutMs\) case"
}

export class Resolver {
  async resolve(host: string, timeoutMs: number): Promise<string[]> {
    const answer = chan<string[]>();
    go(lookup, host, answer);
    return select(
      recv(answer, (a) => a ?? []),
      recv(after(timeoutMs), () => []),
    );
  }
}
