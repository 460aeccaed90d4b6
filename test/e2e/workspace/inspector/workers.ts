// Goroutines on worker threads: two parallel goroutines block receiving on a shared channel, one
// goroutine on the main thread blocks on a local channel.
import { chan, go, shared, worker } from 'goroutines';

const w = worker<typeof import('./worker-tasks.ts')>(new URL('./worker-tasks.ts', import.meta.url));
const jobs = shared.chan<number>();
go(w.waitForJobs, jobs);
go(w.waitForJobs, jobs);

const local = chan<void>();
go.named('local', async () => {
  await local.recv();
});
// Keeps the program alive (instead of ending in Go's deadlock error) while the inspector looks at it.
setInterval(() => {}, 1000);
