// Counters the server keeps.
export class Stats {
  connections = 0;
  ticks = 0;
  lastId = -1;

  accepted(id: number): void {
    this.connections++;
    this.lastId = id;
  }

  tick(): void {
    this.ticks++;
  }
}
