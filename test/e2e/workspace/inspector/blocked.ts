// Goroutines that block forever: three consumers receive on a channel nobody sends on, a producer
// sends into a full buffer. The program stops at `debugger` and then stays alive to be inspected.
import { chan, go } from 'goroutines';

const jobs = chan<number>();
for (let i = 0; i < 3; i++) {
  go.named('consumer', async () => {
    for await (const j of jobs) console.log(j);
  });
}

const results = chan<number>(1);
go.named('producer', async () => {
  await results.send(1);
  await results.send(2);
});

await new Promise((r) => setTimeout(r, 50));
debugger; // eslint-disable-line no-debugger
setInterval(() => {}, 1000);
