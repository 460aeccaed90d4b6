// Many goroutines parked at a few sites, for the inspector's scale tests and measurements:
// GOROUTINE_COUNT (default 10,000) receivers on one channel and a tenth as many sleepers. With
// BUSY_OUT set, two more goroutines play ping-pong in rounds and append each round's duration (ms)
// to that file: the program's own speed while it is inspected.
import { appendFileSync } from 'node:fs';
import { chan, go, sleep } from 'goroutines';

const n = Number(process.env.GOROUTINE_COUNT ?? 10000);
const never = chan<number>();
for (let i = 0; i < n; i++) {
  go.named('receiver', async () => {
    await never.recv();
  });
}
for (let i = 0; i < n / 10; i++) {
  go.named('sleeper', async () => {
    await sleep(3_600_000);
  });
}

const out = process.env.BUSY_OUT;
if (out) {
  const ping = chan<number>();
  const pong = chan<number>();
  go.named('ponger', async () => {
    for await (const v of ping) await pong.send(v);
  });
  go.named('pinger', async () => {
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < 2000; i++) {
        await ping.send(i);
        await pong.recv();
      }
      appendFileSync(out, `${(performance.now() - t0).toFixed(1)}\n`);
    }
  });
}
setInterval(() => {}, 1000);
