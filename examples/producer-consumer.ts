// Producer-consumer with rate limiting: producers send on a buffered channel; the consumer takes at
// most one item per tick of a Ticker, which it stops when done. The producers' WaitGroup decides
// when the channel is closed, so the consumer's range loop ends cleanly.
import { go, chan, Ticker, WaitGroup, type SendChan } from 'goroutines';

async function producer(name: string, count: number, out: SendChan<string>): Promise<void> {
  for (let i = 1; i <= count; i++) await out.send(`${name}-${i}`);
}

async function main(): Promise<void> {
  const items = chan<string>(4);
  const wg = new WaitGroup();
  wg.go(() => producer('a', 3, items));
  wg.go(() => producer('b', 3, items));
  go(async () => {
    await wg.wait();
    items.close();
  });

  const limiter = new Ticker(5);
  try {
    const consumed: string[] = [];
    const start = Date.now();
    for await (const item of items) {
      await limiter.c.recv();
      consumed.push(item);
    }
    const elapsed = Date.now() - start;
    console.log(`consumed ${consumed.length} items`);
    console.log(`items: ${consumed.sort().join(' ')}`);
    console.log(`rate limited: ${elapsed >= 5 * (consumed.length - 1) ? 'yes' : 'no'}`);
  } finally {
    limiter.stop();
  }
}

await main();
