// Pub-sub: a broker goroutine owns the set of subscribers and is the only sender on their
// channels, so it is the one that closes them when the broker stops. Subscribing, publishing and
// stopping are messages to the broker, never shared state.
import { go, chan, select, recv, WaitGroup, type Chan, type RecvChan } from 'goroutines';

class Broker<T> {
  private readonly publishes = chan<T>();
  private readonly subscribes = chan<Chan<T>>();
  private readonly stopped = chan<void>();
  private readonly finished = chan<void>();

  start(): void {
    go.named('broker', () => this.run());
  }

  async subscribe(): Promise<RecvChan<T>> {
    const ch = chan<T>(8);
    await this.subscribes.send(ch);
    return ch;
  }

  async publish(msg: T): Promise<void> {
    await this.publishes.send(msg);
  }

  /** Stops the broker and waits until every subscriber channel is closed. */
  async stop(): Promise<void> {
    this.stopped.close();
    await this.finished.recv();
  }

  private async run(): Promise<void> {
    const subscribers = new Set<Chan<T>>();
    try {
      for (;;) {
        const event = await select(
          recv(this.stopped, () => ({ kind: 'stop' }) as const),
          recv(this.subscribes, (sub) => (sub ? ({ kind: 'subscribe', sub } as const) : null)),
          recv(this.publishes, (value, ok) =>
            ok ? ({ kind: 'publish', value: value as T } as const) : null,
          ),
        );
        if (event === null || event.kind === 'stop') return;
        if (event.kind === 'subscribe') subscribers.add(event.sub);
        else for (const sub of subscribers) await sub.send(event.value);
      }
    } finally {
      for (const sub of subscribers) sub.close();
      this.finished.close();
    }
  }
}

async function main(): Promise<void> {
  const broker = new Broker<string>();
  broker.start();

  const received = new Map<string, string[]>();
  const wg = new WaitGroup();
  for (const name of ['logger', 'metrics']) {
    const inbox = await broker.subscribe();
    const got: string[] = [];
    received.set(name, got);
    wg.go(async () => {
      for await (const msg of inbox) got.push(msg);
    });
  }

  for (const event of ['user.created', 'user.updated', 'user.deleted']) await broker.publish(event);
  await broker.stop();
  await wg.wait();

  for (const [name, got] of received) console.log(`${name} received: ${got.join(', ')}`);
}

await main();
