// Pipeline: stages connected by channels, each stage a goroutine that owns (and closes) its output
// channel. Cancelling the context stops every stage early without leaking one blocked on a send:
// every send is a select against ctx.done().
import { go, chan, select, recv, send, context, type Context, type RecvChan } from 'goroutines';

function generate(ctx: Context, ...nums: number[]): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    try {
      for (const n of nums) {
        const stopped = await select(
          send(out, n),
          recv(ctx.done(), () => true),
        );
        if (stopped) return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

function square(ctx: Context, input: RecvChan<number>): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    try {
      for await (const n of input) {
        const stopped = await select(
          send(out, n * n),
          recv(ctx.done(), () => true),
        );
        if (stopped) return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

async function main(): Promise<void> {
  {
    const [ctx, cancel] = context.withCancel(context.background());
    try {
      const out: number[] = [];
      for await (const v of square(ctx, square(ctx, generate(ctx, 1, 2, 3, 4)))) out.push(v);
      console.log(`fourth powers: ${out.join(' ')}`);
    } finally {
      cancel();
    }
  }
  {
    // Take only the first two results, then cancel: the upstream stages stop instead of blocking.
    const [ctx, cancel] = context.withCancel(context.background());
    try {
      const squares = square(ctx, generate(ctx, 5, 6, 7, 8, 9));
      const first = [await squares.recv(), await squares.recv()];
      console.log(`first two squares: ${first.join(' ')}`);
    } finally {
      cancel();
    }
  }
}

await main();
