// Graceful shutdown: SIGTERM cancels the root context (Go's signal.NotifyContext); the dispatcher
// stops accepting work and closes the jobs channel it owns; workers finish the jobs already taken
// and return; main waits for them, but no longer than a shutdown deadline. The program sends
// itself SIGTERM to stand for an operator.
import { go, chan, select, recv, send, sleep, Timer, WaitGroup, context } from 'goroutines';

async function main(): Promise<void> {
  const [ctx, stop] = context.withCancel(context.background());
  let signalName = '';
  const onSignal = (sig: NodeJS.Signals): void => {
    signalName = sig;
    stop();
  };
  process.once('SIGTERM', onSignal);
  try {
    const jobs = chan<number>();
    const wg = new WaitGroup();
    let started = 0;
    let completed = 0;
    for (let w = 0; w < 2; w++) {
      wg.go(async () => {
        for await (const job of jobs) {
          started++;
          await sleep(2 + (job % 3)); // stands for a request being served
          completed++;
        }
      });
    }

    go.named('dispatcher', async () => {
      try {
        for (let job = 1; ; job++) {
          if (job === 6) process.kill(process.pid, 'SIGTERM');
          const stopping = await select(
            send(jobs, job),
            recv(ctx.done(), () => true),
          );
          if (stopping) return;
        }
      } finally {
        jobs.close();
      }
    });

    await ctx.done().recv();
    console.log(`received ${signalName}, shutting down`);

    const drained = chan<void>();
    go(async () => {
      await wg.wait();
      drained.close();
    });
    const deadline = new Timer(1000);
    try {
      const clean = await select(
        recv(drained, () => true),
        recv(deadline.c, () => false),
      );
      console.log(clean ? 'all workers stopped' : 'shutdown deadline passed');
      console.log(`jobs completed: ${completed === started ? 'all started' : `${completed} of ${started}`}`);
      console.log(`accepted at least 5 jobs: ${started >= 5}`);
    } finally {
      deadline.stop();
    }
  } finally {
    process.off('SIGTERM', onSignal);
    stop();
  }
}

await main();
