// Control for the leak detector: goroutines parked on a channel that stays reachable, and one asleep on
// a timer, must not be reported however often the garbage collector runs.
import { chan, go, sleep } from 'goroutines';
import { collect } from './gc.js';

const queue = chan<number>();
for (let i = 0; i < 3; i++) {
  go.named('reader', async () => {
    console.log(`got ${await queue.recv()}`);
  });
}
go.named('sleeper', async () => {
  await sleep(60);
  console.log('slept');
});
await collect();
for (let i = 0; i < 3; i++) await queue.send(i);
await sleep(80);
await collect();
console.log('main done');
