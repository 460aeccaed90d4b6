// A job queue: producers enqueue under the queue's lock (to keep the pending count exact) and the
// dispatcher reads the count under the same lock before taking the next job (Tu et al.'s
// "channel and lock" bugs: a send made while holding a lock the receiver needs).
import { chan, Mutex } from 'goroutines';
import type { Job } from '../shared/job.js';

export class JobQueue {
  private readonly mu = new Mutex();
  private readonly jobs = chan<Job>();
  private pending = 0;

  async enqueue(job: Job): Promise<void> {
    await this.mu.lock();
    try {
      this.pending++;
      await this.jobs.send(job); // want "send on this.jobs while holding JobQueue.mu can block forever: JobQueue.next\(\) takes JobQueue.mu \(line 23\) before it receives from this.jobs \(line 26\)"
    } finally {
      this.mu.unlock();
    }
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
