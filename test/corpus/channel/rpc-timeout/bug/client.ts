// An RPC client with a per-call deadline (after the shape of etcd's and grpc-go's call timeouts).
import { go, chan, select, recv, after } from 'goroutines';
import { roundTrip, type Conn } from '../shared/transport.js';

export class TimeoutError extends Error {}

interface Reply {
  body?: Uint8Array;
  err?: Error;
}

export class Client {
  constructor(
    private readonly conn: Conn,
    private readonly timeoutMs: number,
  ) {}

  async call(frame: Uint8Array): Promise<Uint8Array> {
    const done = chan<Reply>();
    go(async () => {
      try {
        const body = await roundTrip(this.conn, frame);
        await done.send({ body }); // want "send on done blocks forever when the select at line 28 takes its after\(this.timeoutMs\) case"
      } catch (err) {
        await done.send({ err: err as Error }); // want "send on done blocks forever when the select at line 28 takes its after\(this.timeoutMs\) case"
      }
    });
    const reply = await select(
      recv(done, (r) => r),
      recv(after(this.timeoutMs), () => undefined),
    );
    if (!reply) throw new TimeoutError(`rpc timed out after ${this.timeoutMs}ms`);
    if (reply.err) throw reply.err;
    return reply.body!;
  }
}
