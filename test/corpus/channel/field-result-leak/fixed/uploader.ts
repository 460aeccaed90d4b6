// An uploader that reports each upload's outcome on a buffered channel kept in a field, so a report
// never waits for flush().
import { go, chan, select, recv, after } from 'goroutines';

export class Uploader {
  readonly outcomes = chan<string>(64);

  constructor(private readonly put: (name: string, data: Uint8Array) => Promise<void>) {}

  start(name: string, data: Uint8Array): void {
    go(async () => {
      await this.put(name, data);
      await this.outcomes.send(name);
    });
  }

  async flush(ms: number): Promise<string | undefined> {
    return select(
      recv(this.outcomes, (n) => n),
      recv(after(ms), () => undefined),
    );
  }
}
