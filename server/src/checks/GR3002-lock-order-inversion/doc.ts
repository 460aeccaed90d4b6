// The documentation of GR3002, shown on hover and generated into docs/checks/.
import type { CheckDoc } from '../../analysis/program.js';

export const doc: CheckDoc = {
  why: `One path holds lock A while it takes lock B; another holds B while it takes A. When two goroutines run them at once, each gets its first lock and waits forever for the other's. Locks are identified by where they live (a class field is one lock class for all instances, a module variable is one lock), so the two paths may be in different methods, classes or files, and a lock may be taken inside a called function. Taking two locks of one class through two parameters (transfer(a, b)) is the same bug when another call passes them swapped. Read locks only conflict with write locks. A third lock held on both paths serialises them and is not reported. The quick fix swaps two adjacent lock statements into the other path's order.`,
  wrong: `class Bank {
  async audit(): Promise<void> {
    await this.ledgerMu.lock();
    await this.accountsMu.lock(); // ledger → accounts
    …
  }
  async deposit(): Promise<void> {
    await this.accountsMu.lock();
    await this.ledgerMu.lock(); // accounts → ledger: deadlocks against audit()
    …
  }
}`,
  right: `class Bank {
  // lock order: accountsMu, then ledgerMu
  async audit(): Promise<void> {
    await this.accountsMu.lock();
    await this.ledgerMu.lock();
    …
  }
  async deposit(): Promise<void> {
    await this.accountsMu.lock();
    await this.ledgerMu.lock();
    …
  }
}`,
  whenNotToUse: `When the two paths can never run at the same time (for example, one runs only before any goroutine is started) in a way the checker cannot see; a comment with goroutines-ignore and the reason documents it.`,
};
