// A file watcher whose loop runs until its `done` channel is closed by the service that owns it.
import { go, chan, select, recv, after } from 'goroutines';

export class Watcher {
  readonly done = chan<void>();
  readonly changes: string[] = [];

  constructor(
    readonly path: string,
    private readonly stat: (path: string) => Promise<number>,
  ) {}

  run(): void {
    go(async () => {
      let last = -1;
      for (;;) {
        const stop = await select(
          recv(this.done, () => true),
          recv(after(500), () => false),
        );
        if (stop) return;
        const m = await this.stat(this.path);
        if (m !== last && last !== -1) this.changes.push(this.path);
        last = m;
      }
    });
  }
}
