// A job queue: producers count the job under the queue's lock, then send without holding it, so
// the dispatcher can take the lock before it receives.
import { chan, Mutex } from 'goroutines';
import type { Job } from '../shared/job.js';

export class JobQueue {
  private readonly mu = new Mutex();
  private readonly jobs = chan<Job>();
  private pending = 0;

  async enqueue(job: Job): Promise<void> {
    await this.mu.lock();
    this.pending++;
    this.mu.unlock();
    await this.jobs.send(job);
  }

  async next(): Promise<{ job: Job | undefined; backlog: number }> {
    await this.mu.lock();
    const backlog = this.pending;
    this.mu.unlock();
    const job = await this.jobs.recv();
    await this.mu.lock();
    this.pending--;
    this.mu.unlock();
    return { job, backlog };
  }
}
