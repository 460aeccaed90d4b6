// Every goroutine asleep: two workers range over a channel nobody closes and main waits for them.
// Under the debugger the program stops before it ends, with the deadlock in the inspector.
import { chan, WaitGroup } from 'goroutines';

const jobs = chan<number>();
const wg = new WaitGroup();
for (let i = 0; i < 2; i++) {
  wg.go(async () => {
    for await (const j of jobs) console.log(j);
  });
}
await wg.wait();
