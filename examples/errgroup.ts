// errgroup: goroutines that return errors. `wait()` rejects with the first error, and the group's
// context is cancelled as soon as one goroutine fails, so the others stop early. `setLimit` bounds
// how many run at once.
import { errgroup, context, sleep } from 'goroutines';

async function main(): Promise<void> {
  const [g, ctx] = errgroup.withContext(context.background());
  const stoppedEarly: string[] = [];
  for (const name of ['alpha', 'beta', 'gamma']) {
    g.go(async () => {
      if (name === 'beta') {
        await sleep(5);
        throw new Error(`${name}: not found`);
      }
      // Stands for a long request that honours cancellation.
      await ctx.done().recv();
      stoppedEarly.push(name);
    });
  }
  try {
    await g.wait();
    console.log('no error');
  } catch (err) {
    console.log(`first error: ${(err as Error).message}`);
  }
  console.log(`group context: ${ctx.err()?.message}`);
  console.log(`stopped early: ${stoppedEarly.sort().join(', ')}`);

  const limited = new errgroup.Group();
  limited.setLimit(2);
  let running = 0;
  let maxRunning = 0;
  let done = 0;
  for (let i = 0; i < 6; i++) {
    // With a limit, go() waits for a free slot, as Go's Group.Go blocks.
    await limited.go(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      try {
        await sleep(2);
        done++;
      } finally {
        running--;
      }
    });
  }
  await limited.wait();
  console.log(`limited group: ${done} tasks, at most ${maxRunning} at once`);
}

await main();
