// A partial deadlock through channels while the program keeps running: startPair's two goroutines
// each wait for the other on channels only they reference, so nothing can ever wake them, while main
// goes on ticking. Go's whole-program check never fires; the garbage collector proves the leak.
import { chan, go, sleep } from 'goroutines';

function startPair(): void {
  const ping = chan<number>();
  const pong = chan<number>();
  go.named('pinger', async () => {
    const v = await pong.recv();
    await ping.send((v ?? 0) + 1);
  });
  go.named('ponger', async () => {
    const v = await ping.recv();
    await pong.send((v ?? 0) + 1);
  });
}

startPair();
for (let tick = 0; ; tick++) await sleep(100);
