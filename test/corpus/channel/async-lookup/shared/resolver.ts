// A DNS-like resolver client: the transport and the cache both implementations share.
export interface Transport {
  query(name: string): Promise<string[]>;
}

export class Cache {
  private readonly entries = new Map<string, string[]>();

  get(name: string): string[] | undefined {
    return this.entries.get(name);
  }

  put(name: string, addrs: string[]): void {
    this.entries.set(name, addrs);
  }
}
