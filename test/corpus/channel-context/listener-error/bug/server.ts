// A server whose accept loop runs in a goroutine and reports a listener failure on a channel; the
// serving loop also returns when the server's context is cancelled. After a cancellation nobody
// receives the failure, and the accept goroutine stays blocked on its report.
import { go, chan, select, recv, Ticker, type Context } from 'goroutines';
import type { Conn, Listener } from '../shared/listener.js';
import { Stats } from './stats.js';

export class Server {
  readonly stats = new Stats();

  constructor(private readonly listener: Listener) {}

  async serve(ctx: Context): Promise<Error | undefined> {
    const failed = chan<Error>();
    go(async () => {
      try {
        while (!ctx.err()) this.handle(await this.listener.accept());
      } catch (e) {
        await failed.send(e as Error); // want "send on failed blocks forever when the select at line 25 takes its ctx.done\(\) case"
      }
    });
    const ticker = new Ticker(1000);
    try {
      for (;;) {
        const err = await select(
          recv(failed, (e) => e),
          recv(ctx.done(), () => undefined),
          recv(ticker.c, () => null),
        );
        if (err === null) {
          this.stats.tick();
          continue;
        }
        return err;
      }
    } finally {
      ticker.stop();
    }
  }

  private handle(c: Conn): void {
    this.stats.accepted(c.id);
  }
}
