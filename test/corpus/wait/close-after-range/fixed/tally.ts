// Per-shard counts and their total.
export class Tally {
  readonly byShard = new Map<string, number>();
  total = 0;

  add(shard: string, n: number): void {
    this.byShard.set(shard, n);
    this.total += n;
  }
}
