// Fan-out, fan-in: several goroutines read from one input channel (fan-out), and `merge` copies
// their outputs into one channel (fan-in), closing it once every copier is done.
import { go, chan, WaitGroup, type RecvChan } from 'goroutines';

function produce(count: number): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    try {
      for (let i = 1; i <= count; i++) await out.send(i);
    } finally {
      out.close();
    }
  });
  return out;
}

function cube(input: RecvChan<number>): RecvChan<number> {
  const out = chan<number>();
  go(async () => {
    try {
      for await (const n of input) await out.send(n * n * n);
    } finally {
      out.close();
    }
  });
  return out;
}

function merge<T>(...inputs: RecvChan<T>[]): RecvChan<T> {
  const out = chan<T>();
  const wg = new WaitGroup();
  for (const input of inputs) {
    wg.go(async () => {
      for await (const v of input) await out.send(v);
    });
  }
  go(async () => {
    await wg.wait();
    out.close();
  });
  return out;
}

async function main(): Promise<void> {
  const input = produce(20);
  const workers = [cube(input), cube(input), cube(input), cube(input)];
  let sum = 0;
  let count = 0;
  for await (const v of merge(...workers)) {
    sum += v;
    count++;
  }
  console.log(`received ${count} cubes`);
  console.log(`sum of cubes 1..20 = ${sum}`);
}

await main();
