import { readFile } from 'node:fs/promises';

export async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((l) => l.length > 0);
}
