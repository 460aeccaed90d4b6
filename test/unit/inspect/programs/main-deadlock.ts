// Blocking bug, channel, whole program: main waits for a result nobody sends. Go ends the program with
// `fatal error: all goroutines are asleep - deadlock!`; so does the runtime, when the event loop is empty.
import { chan, go } from 'goroutines';

const results = chan<number>();
go.named('worker', async () => {
  const n = 6 * 7;
  if (n > 40) return; // forgot to send n
  await results.send(n);
});
console.log(await results.recv());
