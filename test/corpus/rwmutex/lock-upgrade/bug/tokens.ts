// A token cache: lookups share a read lock; a missing or expired token is refreshed while the read
// lock is still held, and refresh() takes the write lock of the same RWMutex. A write lock waits
// for every reader, including this one: the lookup waits for itself.
import { RWMutex } from 'goroutines';
import { issue, type Token } from './issuer.js';

export class TokenCache {
  private readonly mu = new RWMutex();
  private readonly tokens = new Map<string, Token>();

  async token(user: string, now: number): Promise<Token> {
    await this.mu.rlock();
    try {
      const t = this.tokens.get(user);
      if (t && t.expires > now) return t;
      return await this.refresh(user, now); // want "this.refresh\(\) takes this.mu \(line 23\) while this goroutine holds it since line 12"
    } finally {
      this.mu.runlock();
    }
  }

  private async refresh(user: string, now: number): Promise<Token> {
    await this.mu.lock();
    try {
      const t = await issue(user, now);
      this.tokens.set(user, t);
      return t;
    } finally {
      this.mu.unlock();
    }
  }
}
