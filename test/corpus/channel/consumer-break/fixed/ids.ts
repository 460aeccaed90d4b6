// An id generator goroutine feeding a consumer that stops after the first match: the consumer
// closes a stop channel on the way out, and the generator selects on it beside each send.
import { go, chan, select, send, recv } from 'goroutines';
import { isFree } from '../shared/registry.js';

export async function firstFreeId(start: number): Promise<number> {
  const ids = chan<number>();
  const stop = chan<void>();
  go(async () => {
    for (let id = start; ; id++) {
      const stopped = await select(
        send(ids, id, () => false),
        recv(stop, () => true),
      );
      if (stopped) return;
    }
  });
  try {
    for await (const id of ids) {
      if (await isFree(id)) {
        return id;
      }
    }
    return -1;
  } finally {
    stop.close();
  }
}
