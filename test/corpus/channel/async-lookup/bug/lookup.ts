// Resolver.lookup starts the query in its own goroutine (Go's `func (r *Resolver) start() <-chan
// answer`) and waits for it with a deadline. When the deadline wins, the query goroutine blocks
// forever on its send: one goroutine leaked per slow lookup.
import { chan, go, recv, select, after, type RecvChan } from 'goroutines';
import { Cache, type Transport } from '../shared/resolver.js';

interface Answer {
  addrs: string[];
  err?: Error;
}

export class Resolver {
  private readonly cache = new Cache();

  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs: number,
  ) {}

  private start(name: string): RecvChan<Answer> {
    const answer = chan<Answer>();
    go(async () => {
      try {
        const addrs = await this.transport.query(name);
        await answer.send({ addrs }); // want "send on answer in Resolver.start\(\)'s goroutine blocks forever when the select at line \d+ takes its after\(this.timeoutMs\) case"
      } catch (e) {
        await answer.send({ addrs: [], err: e as Error });
      }
    });
    return answer;
  }

  async lookup(name: string): Promise<string[]> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const pending = this.start(name);
    const a = await select(
      recv(pending, (x) => x!),
      recv(after(this.timeoutMs), (): Answer => ({ addrs: [], err: new Error(`lookup ${name}: timeout`) })),
    );
    if (a.err) throw a.err;
    this.cache.put(name, a.addrs);
    return a.addrs;
  }
}
