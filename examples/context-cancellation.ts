// Context cancellation chain: contexts form a tree. Cancelling a parent cancels every descendant;
// cancelling a child leaves its parent alone; a timeout reports DeadlineExceeded. Every cancel
// function is called in a finally, which also releases a timeout's timer early.
import { go, chan, context, type Context, type SendChan } from 'goroutines';

const requestIdKey = Symbol('requestId');

function watch(name: string, ctx: Context, report: SendChan<string>): void {
  go(async () => {
    await ctx.done().recv();
    await report.send(`${name} stopped: ${ctx.err()?.message} (request ${String(ctx.value(requestIdKey))})`);
  });
}

async function main(): Promise<void> {
  const report = chan<string>();
  const [root, cancelRoot] = context.withCancel(context.background());
  try {
    const request = context.withValue(root, requestIdKey, 'r-42');
    const [db, cancelDb] = context.withTimeout(request, 60_000);
    const [cache, cancelCache] = context.withCancel(request);
    try {
      watch('cache', cache, report);
      watch('db', db, report);

      cancelCache();
      console.log(await report.recv());
      console.log(`after cancelling cache, root: ${root.err() === null ? 'live' : 'cancelled'}`);

      cancelRoot();
      console.log(await report.recv());
      console.log(`root: ${root.err() === context.Canceled ? 'context.Canceled' : 'other'}`);
    } finally {
      cancelCache();
      cancelDb();
    }
  } finally {
    cancelRoot();
  }

  const [short, cancelShort] = context.withTimeout(context.background(), 20);
  try {
    const [deadline, ok] = short.deadline();
    console.log(`has deadline: ${ok && deadline instanceof Date}`);
    await short.done().recv();
    console.log(`timeout: ${short.err()?.message}`);
    console.log(`is DeadlineExceeded: ${short.err() === context.DeadlineExceeded}`);
    console.log(`abort signal aborted: ${short.signal.aborted}`);
  } finally {
    cancelShort();
  }
}

await main();
