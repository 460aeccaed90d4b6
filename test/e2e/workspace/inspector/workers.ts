// Goroutines on worker threads: two parallel goroutines block receiving on a shared channel, one
// goroutine on the main thread blocks on a local channel.
import { chan, go, shared, worker, workerGoroutines } from 'goroutines';

const w = worker<typeof import('./worker-tasks.ts')>(new URL('./worker-tasks.ts', import.meta.url));
const jobs = shared.chan<number>();
go(w.waitForJobs, jobs);
go(w.waitForJobs, jobs);

const local = chan<void>();
go.named('local', async () => {
  await local.recv();
});
// The main thread's snapshot lists the worker threads' goroutines as they last published them; ask
// for them now and then so the inspector sees the current ones.
setInterval(() => void workerGoroutines(), 200);
