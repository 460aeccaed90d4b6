// An uploader that reports each upload's outcome on a channel kept in a field; flush() gives up
// after a deadline and returns, leaving the upload goroutine blocked on its report.
import { go, chan, select, recv, after } from 'goroutines';

export class Uploader {
  readonly outcomes = chan<string>();

  constructor(private readonly put: (name: string, data: Uint8Array) => Promise<void>) {}

  start(name: string, data: Uint8Array): void {
    go(async () => {
      await this.put(name, data);
      await this.outcomes.send(name); // miss "GR2001: a public field's channel may be received from anywhere"
    });
  }

  async flush(ms: number): Promise<string | undefined> {
    return select(
      recv(this.outcomes, (n) => n),
      recv(after(ms), () => undefined),
    );
  }
}
