// Replicated search: ask every replica, use the first answer (Go's "first" pattern from
// "Go Concurrency Patterns"; the leaking variant is a classic from the Go bug studies).
import { go, chan } from 'goroutines';
import { Replica, type Result } from '../shared/replica.js';

export class Search {
  private readonly replicas: Replica[];

  constructor(hosts: string[]) {
    this.replicas = hosts.map((h) => new Replica(h));
  }

  async first(query: string): Promise<Result | undefined> {
    const results = chan<Result>();
    for (const replica of this.replicas) {
      go(async () => {
        await results.send(await replica.search(query)); // want "send on results blocks forever for all but one sender"
      });
    }
    return results.recv();
  }
}
