// Blocking bug, messages library (Tu et al. count libraries built on channels, like errgroup): the
// consumer fails and returns, wait() reports the error, and the producer stays blocked on its send.
import { chan, errgroup, go } from 'goroutines';
import { collect } from './gc.js';

async function run(): Promise<void> {
  const g = new errgroup.Group();
  const lines = chan<string>();
  g.go(async () => {
    for (const l of ['a', 'b', 'c']) await lines.send(l);
    lines.close();
  });
  g.go(async () => {
    await lines.recv();
    throw new Error('parse error');
  });
  await g.wait().catch((e: Error) => console.log(`wait: ${e.message}`));
}

go.named('main-loop', run);
await collect();
console.log('main done');
