// Helpers of the verifier: a checksum and a drain of a results channel.
import type { RecvChan } from 'goroutines';

export function checksum(data: Uint8Array): string {
  let h = 0;
  for (const b of data) h = (h * 31 + b) >>> 0;
  return h.toString(16);
}

/** Every value of a channel, until it is closed. */
export async function collect<T>(ch: RecvChan<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of ch) out.push(v);
  return out;
}
