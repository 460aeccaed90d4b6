// A DNS prefetcher: warm() resolves each host in a goroutine of its own; a lookup runs the resolver
// in a further goroutine and waits for its answer through awaitAnswer(), which gives up when the
// context is cancelled. After a cancellation nobody takes the answer, and the resolver's goroutine
// stays blocked on its send.
import { go, chan, select, recv, type Context, type RecvChan } from 'goroutines';
import { resolveHost } from '../shared/resolver.js';

export class Prefetcher {
  private readonly cache = new Map<string, string>();

  warm(ctx: Context, hosts: readonly string[]): void {
    for (const h of hosts) go(() => this.lookup(ctx, h));
  }

  async lookup(ctx: Context, host: string): Promise<string | undefined> {
    const answer = chan<string>();
    go(async () => {
      await answer.send(await resolveHost(host)); // want "send on answer blocks forever when the select in Prefetcher.awaitAnswer\(\) \(line 26\) takes its ctx.done\(\) case"
    });
    const ip = await this.awaitAnswer(ctx, answer);
    if (ip !== undefined) this.cache.set(host, ip);
    return ip;
  }

  private async awaitAnswer(ctx: Context, answer: RecvChan<string>): Promise<string | undefined> {
    return select(
      recv(answer, (ip) => ip),
      recv(ctx.done(), () => undefined),
    );
  }
}
