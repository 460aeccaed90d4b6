// Waits for SIGQUIT with two goroutines parked, as a server would (see inspect-env.test.ts).
import { chan, go } from 'goroutines';

const never = chan<number>();
go.named('server', async () => {
  await never.recv();
});
const keepAlive = setInterval(() => {}, 1000);
setTimeout(() => {
  console.log('ready');
  setTimeout(() => clearInterval(keepAlive), 20_000);
}, 10);
