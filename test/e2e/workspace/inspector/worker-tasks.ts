// Worker-thread side of workers.ts: a goroutine that waits on a shared channel nobody sends on.
import type { SharedChan } from 'goroutines';

export async function waitForJobs(jobs: SharedChan<number>): Promise<void> {
  for await (const j of jobs) console.log(j);
}
