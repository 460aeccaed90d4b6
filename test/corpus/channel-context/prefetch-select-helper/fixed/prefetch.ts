// A DNS prefetcher: warm() resolves each host in a goroutine of its own; a lookup runs the resolver
// in a further goroutine and waits for its answer through awaitAnswer(), which gives up when the
// context is cancelled. The answer channel has room for the one answer, so the resolver's goroutine
// finishes even when nobody takes it.
import { go, chan, select, recv, type Context, type RecvChan } from 'goroutines';
import { resolveHost } from '../shared/resolver.js';

export class Prefetcher {
  private readonly cache = new Map<string, string>();

  warm(ctx: Context, hosts: readonly string[]): void {
    for (const h of hosts) go(() => this.lookup(ctx, h));
  }

  async lookup(ctx: Context, host: string): Promise<string | undefined> {
    const answer = chan<string>(1);
    go(async () => {
      await answer.send(await resolveHost(host));
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
