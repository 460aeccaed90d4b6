// Generator: a function that returns a receive-only channel and fills it from its own goroutine.
// The consumer stops early by cancelling a context, so the generator never stays blocked on a send.
import { go, chan, select, send, recv, context, type Context, type RecvChan } from 'goroutines';

function fibonacci(ctx: Context): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    try {
      let [a, b] = [0, 1];
      for (;;) {
        const stopped = await select(
          send(out, a),
          recv(ctx.done(), () => true),
        );
        if (stopped) return;
        [a, b] = [b, a + b];
      }
    } finally {
      out.close();
    }
  });
  return out;
}

async function main(): Promise<void> {
  const [ctx, cancel] = context.withCancel(context.background());
  try {
    const fib = fibonacci(ctx);
    const first: number[] = [];
    for (let i = 0; i < 10; i++) first.push((await fib.recv()) as number);
    console.log(`fibonacci: ${first.join(' ')}`);
  } finally {
    cancel();
  }
}

await main();
