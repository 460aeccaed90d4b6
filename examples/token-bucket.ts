// Token-bucket rate limiter: the bucket is a buffered channel of tokens (its capacity is the burst)
// refilled by one goroutine on a Ticker. The refiller stops, and its ticker with it, when the
// limiter's context is cancelled; a full bucket drops the tick's token instead of blocking.
import { go, chan, select, recv, send, otherwise, Ticker, context, type Context } from 'goroutines';

class TokenBucket {
  private readonly tokens;

  constructor(
    readonly burst: number,
    private readonly refillEveryMs: number,
  ) {
    this.tokens = chan<number>(burst);
  }

  /** Fills the bucket and refills it until ctx is done. */
  async start(ctx: Context): Promise<void> {
    for (let i = 0; i < this.burst; i++) await this.tokens.send(1);
    go.named('refill', async () => {
      const ticker = new Ticker(this.refillEveryMs);
      try {
        for (;;) {
          const stop = await select(
            recv(ctx.done(), () => true),
            recv(ticker.c, () => false),
          );
          if (stop) return;
          // A full bucket drops this tick's token.
          await select(send(this.tokens, 1), otherwise());
        }
      } finally {
        ticker.stop();
      }
    });
  }

  /** Takes a token if one is there, without waiting. */
  tryTake(): Promise<boolean> {
    return select(
      recv(this.tokens, () => true),
      otherwise(() => false),
    );
  }

  /** Waits for a token, or for ctx to be done (then returns false). */
  take(ctx: Context): Promise<boolean> {
    return select(
      recv(this.tokens, () => true),
      recv(ctx.done(), () => false),
    );
  }
}

async function main(): Promise<void> {
  const [ctx, cancel] = context.withCancel(context.background());
  try {
    const bucket = new TokenBucket(3, 10);
    await bucket.start(ctx);

    let immediate = 0;
    while (await bucket.tryTake()) immediate++;
    console.log(`served at once (burst): ${immediate}`);

    const start = Date.now();
    let served = 0;
    for (let i = 0; i < 3; i++) if (await bucket.take(ctx)) served++;
    console.log(`served after waiting for refills: ${served}`);
    console.log(`refills paced: ${Date.now() - start >= 3 * 10 - 5 ? 'yes' : 'no'}`);
  } finally {
    cancel();
  }
}

await main();
