// Blocking bug, channel + lock (Tu et al.): the producer sends while holding the lock the consumer
// needs before it receives. Each waits for the other, and nothing else can reach them.
import { Mutex, chan, go, sleep } from 'goroutines';
import { collect } from './gc.js';

function start(): void {
  const mu = new Mutex();
  const events = chan<number>();
  go.named('producer', async () => {
    await mu.lock();
    await events.send(1);
    mu.unlock();
  });
  go.named('consumer', async () => {
    await sleep(5);
    await mu.lock();
    await events.recv();
    mu.unlock();
  });
}

start();
await sleep(20);
await collect();
console.log('main done');
