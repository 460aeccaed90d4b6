// Many goroutines parked at a few sites, for the inspector's scale tests and measurements:
// GOROUTINE_COUNT (default 10,000) receivers on one channel and a tenth as many sleepers.
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
console.log(`started ${n + Math.floor(n / 10)} goroutines`);
setInterval(() => {}, 1000);
