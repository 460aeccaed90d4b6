// Blocking bug, Wait (Tu et al.: WaitGroup): an early return skips wg.done(), so the goroutine that
// waits for the batch waits forever; nobody else holds the WaitGroup.
import { WaitGroup, go } from 'goroutines';
import { collect } from './gc.js';

function processBatch(items: number[]): void {
  const wg = new WaitGroup();
  for (const item of items) {
    wg.add(1);
    go.named('item', async () => {
      if (item < 0) return; // missing wg.done()
      wg.done();
    });
  }
  go.named('batch-waiter', async () => {
    await wg.wait();
    console.log('batch done');
  });
}

processBatch([1, -1, 2]);
await collect();
console.log('main done');
