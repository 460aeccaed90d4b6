// A request handler that runs a backend query in a goroutine and gives up when the request's
// context is cancelled (client gone, deadline passed). The query's goroutine then has no reader.
import { go, chan, select, recv, type Context } from 'goroutines';
import { Backend, type Row } from '../shared/backend.js';

export class SearchHandler {
  constructor(private readonly backend: Backend) {}

  async handle(ctx: Context, q: string): Promise<Row[] | Error> {
    const rows = chan<Row[]>();
    go(async () => {
      await rows.send(await this.backend.query(q)); // want "send on rows blocks forever when the select at line 14 takes its ctx.done\(\) case"
    });
    return select(
      recv(rows, (r) => r ?? []),
      recv(ctx.done(), () => ctx.err() ?? new Error('cancelled')),
    );
  }
}
