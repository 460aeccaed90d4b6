// A stand-in for a sharded store: each shard counts its matching records.
export interface Shard {
  readonly name: string;
  count(term: string): Promise<number>;
}

export function memoryShard(name: string, records: readonly string[]): Shard {
  return {
    name,
    async count(term) {
      await Promise.resolve();
      return records.filter((r) => r.includes(term)).length;
    },
  };
}
