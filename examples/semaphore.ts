// Bounded parallelism with a weighted semaphore: acquire before starting each goroutine, release in
// a finally, and acquire the full weight at the end to wait for every goroutine (the pattern of
// golang.org/x/sync/semaphore's worker-pool example).
import { go, sleep, context, Semaphore } from 'goroutines';

const maxWorkers = 3;

async function collatzSteps(n: number): Promise<number> {
  let steps = 0;
  for (; n !== 1; steps++) n = n % 2 === 0 ? n / 2 : 3 * n + 1;
  await sleep(1); // stands for I/O
  return steps;
}

async function main(): Promise<void> {
  const ctx = context.todo();
  const sem = new Semaphore(maxWorkers);
  const out: number[] = new Array(12).fill(0);
  let inFlight = 0;
  let maxInFlight = 0;
  for (let i = 0; i < out.length; i++) {
    await sem.acquire(ctx, 1);
    go(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        out[i] = await collatzSteps(i + 1);
      } finally {
        inFlight--;
        sem.release(1);
      }
    });
  }
  // Holding every unit means every worker has released its own.
  await sem.acquire(ctx, maxWorkers);
  sem.release(maxWorkers);

  console.log(`collatz steps: ${out.join(' ')}`);
  console.log(`at most ${maxInFlight} at once (limit ${maxWorkers})`);
  console.log(`tryAcquire beyond the limit: ${sem.tryAcquire(maxWorkers + 1)}`);
}

await main();
