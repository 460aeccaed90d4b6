// Streams the lines of several log files to a consumer; the producer closes the channel on every
// path, so the consumer's range ends even when reading a file fails.
import { go, chan, type RecvChan } from 'goroutines';
import { readLines } from '../shared/files.js';

export function streamLines(files: string[]): RecvChan<string> {
  const lines = chan<string>(64);
  go(async () => {
    try {
      for (const f of files) for (const line of await readLines(f)) await lines.send(line);
    } finally {
      lines.close();
    }
  });
  return lines;
}

export async function countErrors(files: string[]): Promise<number> {
  const lines = chan<string>(64);
  go(async () => {
    try {
      for (const f of files) for (const line of await readLines(f)) await lines.send(line);
    } finally {
      lines.close();
    }
  });
  let errors = 0;
  for await (const line of lines) if (line.includes('ERROR')) errors++;
  return errors;
}
