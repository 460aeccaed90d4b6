// Streams the lines of several log files to a consumer; the producer closes the channel after the
// last file, but not when reading one fails, so the consumer's range never ends.
import { go, chan, type RecvChan } from 'goroutines';
import { readLines } from '../shared/files.js';

export function streamLines(files: string[]): RecvChan<string> {
  const lines = chan<string>(64);
  go(async () => {
    for (const f of files) for (const line of await readLines(f)) await lines.send(line);
    lines.close();
  });
  return lines;
}

export async function countErrors(files: string[]): Promise<number> {
  const lines = chan<string>(64);
  go(async () => {
    for (const f of files) for (const line of await readLines(f)) await lines.send(line);
    lines.close(); // want "lines is not closed when readLines\(\) throws at line 18: the range over lines at line 22 never ends"
  });
  let errors = 0;
  for await (const line of lines) if (line.includes('ERROR')) errors++;
  return errors;
}
