// A token cache: lookups share a read lock, released before a missing or expired token is
// refreshed under the write lock (which checks again: another goroutine may have refreshed it).
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
    } finally {
      this.mu.runlock();
    }
    return this.refresh(user, now);
  }

  private async refresh(user: string, now: number): Promise<Token> {
    await this.mu.lock();
    try {
      const cached = this.tokens.get(user);
      if (cached && cached.expires > now) return cached;
      const t = await issue(user, now);
      this.tokens.set(user, t);
      return t;
    } finally {
      this.mu.unlock();
    }
  }
}
