// An id generator goroutine feeding a consumer that stops after the first match: the generator is
// left blocked on its next send forever.
import { go, chan } from 'goroutines';
import { isFree } from '../shared/registry.js';

export async function firstFreeId(start: number): Promise<number> {
  const ids = chan<number>();
  go(async () => {
    for (let id = start; ; id++) await ids.send(id); // want "send on ids blocks forever once firstFreeId\(\) returns at line 13" "this goroutine loops forever without checking a context or done channel"
  });
  for await (const id of ids) {
    if (await isFree(id)) {
      return id;
    }
  }
  return -1;
}
