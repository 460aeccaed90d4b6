// The documentation of GR3001, shown on hover and generated into docs/checks/.
import type { CheckDoc } from '../../analysis/program.js';

export const doc: CheckDoc = {
  why: `A goroutine holds a mutex while it blocks on a channel send or receive, wg.wait(), an errgroup's wait(), cond.wait() on a condition of another lock, or a call that does one of these. If the goroutine that would unblock it (the receiver, the sender, the goroutines the WaitGroup counts, the signaller) must take the same mutex first, neither can proceed. Reported only when that other party is found taking the lock before its part. The quick fix moves the blocking operation just after the unlock when that is all it changes: the operation is a statement of its own directly followed by the unlock, or the last statement of a \`try\` whose \`finally\` only unlocks, and it reads only locals, parameters and readonly fields (nothing the lock protects). Otherwise no fix is offered: releasing the lock around the operation would split the locked region in two.`,
  wrong: `class Queue {
  async put(job: Job): Promise<void> {
    await this.mu.lock();
    try {
      this.pending++;
      await this.jobs.send(job); // the worker needs this.mu before it receives
    } finally {
      this.mu.unlock();
    }
  }
  async work(): Promise<void> {
    for (;;) {
      await this.mu.lock();
      const n = this.pending;
      this.mu.unlock();
      const job = await this.jobs.recv();
      …
    }
  }
}`,
  right: `class Queue {
  async put(job: Job): Promise<void> {
    await this.mu.lock();
    try {
      this.pending++;
    } finally {
      this.mu.unlock();
    }
    await this.jobs.send(job); // blocks without holding the lock
  }
  …
}`,
  whenNotToUse: `When the other party can only run while this goroutine does not hold the lock, for a reason the checker cannot see (an ordering established by another channel).`,
};
