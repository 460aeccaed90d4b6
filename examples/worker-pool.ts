// Worker pool: a fixed number of workers range over one jobs channel and send on one results
// channel. Each channel is closed by its sender: the dispatcher closes `jobs` once every job is
// queued, and a closer goroutine closes `results` once every worker has returned.
import { go, chan, sleep, WaitGroup, type RecvChan, type SendChan } from 'goroutines';

interface Result {
  job: number;
  worker: number;
  square: number;
}

async function worker(id: number, jobs: RecvChan<number>, results: SendChan<Result>): Promise<void> {
  for await (const job of jobs) {
    await sleep(job % 3); // stands for work of varying length
    await results.send({ job, worker: id, square: job * job });
  }
}

async function main(): Promise<void> {
  const jobs = chan<number>();
  const results = chan<Result>();
  const wg = new WaitGroup();
  for (let id = 1; id <= 3; id++) wg.go(() => worker(id, jobs, results));

  go(async () => {
    try {
      for (let job = 1; job <= 9; job++) await jobs.send(job);
    } finally {
      jobs.close();
    }
  });
  go(async () => {
    await wg.wait();
    results.close();
  });

  const byJob: Result[] = [];
  const workersUsed = new Set<number>();
  for await (const r of results) {
    byJob[r.job] = r;
    workersUsed.add(r.worker);
  }
  const squares = byJob.filter(Boolean).map((r) => r.square);
  console.log(`results: ${squares.length}`);
  console.log(`squares: ${squares.join(' ')}`);
  console.log(`workers that did work: ${workersUsed.size > 1 ? 'several' : 'one'}`);
}

await main();
