// Resolver.lookup starts the query in its own goroutine and waits for it with a deadline. The
// answer channel has room for the one answer, so the query goroutine finishes even when the
// deadline won and nobody receives.
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
    const answer = chan<Answer>(1);
    go(async () => {
      try {
        const addrs = await this.transport.query(name);
        await answer.send({ addrs });
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
