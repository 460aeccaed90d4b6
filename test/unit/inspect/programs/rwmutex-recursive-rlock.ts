// Blocking bug, RWMutex (Tu et al.: Go's writer preference): a reader read-locks again while a writer
// is queued; the writer waits for the first read lock, the second read lock waits behind the writer.
import { RWMutex, WaitGroup, go, sleep } from 'goroutines';

const rw = new RWMutex();
const wg = new WaitGroup();
wg.add(2);
go.named('reader', async () => {
  await rw.rlock();
  await sleep(200); // long enough for the writer to queue first
  await rw.rlock();
  rw.runlock();
  rw.runlock();
  wg.done();
});
go.named('writer', async () => {
  await sleep(1);
  await rw.lock();
  rw.unlock();
  wg.done();
});
await wg.wait();
