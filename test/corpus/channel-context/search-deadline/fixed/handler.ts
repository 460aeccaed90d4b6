// A request handler that runs a backend query in a goroutine and gives up when the request's
// context is cancelled; the query's goroutine gives up too instead of waiting for a reader.
import { go, chan, select, recv, send, type Context } from 'goroutines';
import { Backend, type Row } from '../shared/backend.js';

export class SearchHandler {
  constructor(private readonly backend: Backend) {}

  async handle(ctx: Context, q: string): Promise<Row[] | Error> {
    const rows = chan<Row[]>();
    go(async () => {
      const result = await this.backend.query(q);
      await select(send(rows, result), recv(ctx.done()));
    });
    return select(
      recv(rows, (r) => r ?? []),
      recv(ctx.done(), () => ctx.err() ?? new Error('cancelled')),
    );
  }
}
