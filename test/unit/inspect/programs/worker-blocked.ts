// Worker-side function for worker-snapshot.ts: parks on a shared channel until main closes it.
import type { SharedChan } from 'goroutines';

export async function waitForClose(ch: SharedChan<number>): Promise<void> {
  for await (const _ of ch);
}
