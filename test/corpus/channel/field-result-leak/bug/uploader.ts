// An uploader that reports each upload's outcome on a channel kept in a field; flush() gives up
// after a deadline and returns, leaving the upload goroutine blocked on its report.
import { go, chan, select, recv, after } from 'goroutines';

export class Uploader {
  readonly outcomes = chan<string>();

  constructor(private readonly put: (name: string, data: Uint8Array) => Promise<void>) {}

  start(name: string, data: Uint8Array): void {
    go(async () => {
      await this.put(name, data);
      await this.outcomes.send(name); // want "send on this.outcomes blocks forever when the select in Uploader.flush\(\) \(line 18\) takes its after\(ms\) case"
    });
  }

  async flush(ms: number): Promise<string | undefined> {
    return select(
      recv(this.outcomes, (n) => n),
      recv(after(ms), () => undefined),
    );
  }
}
