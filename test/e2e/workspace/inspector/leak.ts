// A goroutine leak: startWatcher's channel is forgotten by everyone but the goroutine receiving on
// it, so nothing can ever send or close. The garbage collector proves it; the runtime reports it.
import { chan, go } from 'goroutines';

function startWatcher(): void {
  const updates = chan<string>();
  go.named('watcher', async () => {
    for await (const u of updates) console.log(u);
  });
}

startWatcher();
const timer = setInterval(() => globalThis.gc?.(), 50);
setTimeout(() => clearInterval(timer), 2000);
setInterval(() => {}, 1000);
