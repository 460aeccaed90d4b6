// A program that works while being inspected: 10,000 parked goroutines (what the snapshots carry) and
// a ping-pong between two goroutines in rounds; each round's duration (ms) is appended to BUSY_OUT.
import { appendFileSync } from 'node:fs';
import { chan, go } from 'goroutines';

const out = process.env.BUSY_OUT!;
const never = chan<void>();
for (let i = 0; i < 10000; i++) {
  go.named('idle', async () => {
    await never.recv();
  });
}

const ping = chan<number>();
const pong = chan<number>();
go.named('ponger', async () => {
  for await (const v of ping) await pong.send(v);
});
go.named('pinger', async () => {
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < 5000; i++) {
      await ping.send(i);
      await pong.recv();
    }
    appendFileSync(out, `${(performance.now() - t0).toFixed(1)}\n`);
  }
});
