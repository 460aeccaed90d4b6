import { chan, go } from 'goroutines';

async function producer(out: ReturnType<typeof chan<number>>): Promise<void> {
  await out.send(42);
}

export async function main(): Promise<void> {
  const ch = chan<number>();
  go(producer, ch);
  await ch.recv();
}
