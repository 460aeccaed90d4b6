export interface Result {
  host: string;
  hits: string[];
}

export class Replica {
  constructor(readonly host: string) {}

  async search(query: string): Promise<Result> {
    const words = query.split(/\s+/).filter(Boolean);
    return { host: this.host, hits: words.map((w) => `${this.host}/${w}`) };
  }
}
