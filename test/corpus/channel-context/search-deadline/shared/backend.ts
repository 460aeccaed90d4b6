import { sleep } from 'goroutines';

export interface Row {
  id: number;
  title: string;
}

export class Backend {
  constructor(private readonly latencyMs: number) {}

  async query(q: string): Promise<Row[]> {
    await sleep(this.latencyMs);
    return q.split(' ').map((w, i) => ({ id: i, title: w }));
  }
}
