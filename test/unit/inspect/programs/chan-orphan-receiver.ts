// Blocking bug, channel (Tu et al., ASPLOS'19, the most common class): a goroutine waits to receive on a
// channel that every other party has forgotten, so nothing can ever send on it or close it.
import { chan, go } from 'goroutines';
import { collect } from './gc.js';

function startWatcher(): void {
  const updates = chan<string>();
  go.named('watcher', async () => {
    for await (const u of updates) console.log(u);
  });
}

startWatcher();
await collect();
console.log('main done');
