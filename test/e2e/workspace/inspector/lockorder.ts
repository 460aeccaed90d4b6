// Lock-order inversion that deadlocks: `pay` locks a then b, `refund` locks b then a, and each gets
// its first lock before the other asks for its second. Both wait forever; the rest of the program
// (a ticker) keeps running, so Go's whole-program deadlock check would not fire.
import { Mutex, go, sleep } from 'goroutines';

const a = new Mutex();
const b = new Mutex();

async function transfer(first: Mutex, second: Mutex): Promise<void> {
  await first.lock();
  await sleep(20);
  await second.lock();
  second.unlock();
  first.unlock();
}

go.named('pay', transfer, a, b);
go.named('refund', transfer, b, a);
// The program keeps its locks, as a real one keeps its accounts: otherwise the two deadlocked
// goroutines and their locks are garbage, and the runtime reports them as leaked instead.
setInterval(() => void [a, b], 1000);
