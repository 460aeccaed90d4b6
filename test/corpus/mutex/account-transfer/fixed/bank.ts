// Transfers between accounts lock both accounts, always the lower id first, so two transfers in
// opposite directions cannot deadlock.
import { Mutex, WaitGroup } from 'goroutines';

export class Account {
  readonly mu = new Mutex();
  constructor(
    readonly id: number,
    private balance: number,
  ) {}

  get funds(): number {
    return this.balance;
  }

  apply(delta: number): void {
    if (this.balance + delta < 0) throw new Error(`account ${this.id}: insufficient funds`);
    this.balance += delta;
  }
}

export async function transfer(from: Account, to: Account, amount: number): Promise<void> {
  const [first, second] = from.id < to.id ? [from, to] : [to, from];
  await first.mu.lock();
  try {
    await second.mu.lock();
    try {
      from.apply(-amount);
      to.apply(amount);
    } finally {
      second.mu.unlock();
    }
  } finally {
    first.mu.unlock();
  }
}

export async function settle(a: Account, b: Account): Promise<void> {
  const wg = new WaitGroup();
  wg.go(() => transfer(a, b, 10));
  wg.go(() => transfer(b, a, 5));
  await wg.wait();
}
