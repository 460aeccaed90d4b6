// Blocking bug, Mutex (Tu et al.: conflicting lock order, go-deadlock's classic): transfer(a, b) and
// transfer(b, a) lock the two accounts in opposite orders. This run happens not to deadlock (the two
// transfers do not overlap); the lock-order checker reports the inversion anyway.
import { Mutex, WaitGroup, go } from 'goroutines';

class Account {
  readonly mu = new Mutex();
  constructor(public balance: number) {}
}

async function transfer(from: Account, to: Account, n: number): Promise<void> {
  await from.mu.lock();
  try {
    await to.mu.lock();
    try {
      from.balance -= n;
      to.balance += n;
    } finally {
      to.mu.unlock();
    }
  } finally {
    from.mu.unlock();
  }
}

const a = new Account(100);
const b = new Account(100);
const wg = new WaitGroup();
wg.add(1);
go.named('pay', async () => {
  await transfer(a, b, 10);
  wg.done();
});
await wg.wait();
wg.add(1);
go.named('refund', async () => {
  await transfer(b, a, 10);
  wg.done();
});
await wg.wait();
console.log(`balances ${a.balance} ${b.balance}`);
