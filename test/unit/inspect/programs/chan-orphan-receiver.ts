// Communication bug (channel), the most common blocking bug in Tu et al. (ASPLOS'19): a goroutine
// waits to receive on a channel that every other party has forgotten, so nothing can ever send on it.
import { chan, go } from 'goroutines';

function startWatcher(): void {
  const updates = chan<string>();
  go.named('watcher', async () => {
    for await (const u of updates) console.log(u);
  });
  // The function returns without keeping `updates`: nothing can send on it or close it.
}

startWatcher();
setTimeout(() => {
  globalThis.gc?.();
  setTimeout(() => console.log('main done'), 20);
}, 20);
