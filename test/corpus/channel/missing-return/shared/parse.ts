import { readFile } from 'node:fs/promises';

export type Config = Record<string, string>;

export async function readFileText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

export function parseConfig(text: string): Config {
  const out: Config = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([\w.]+)\s*=\s*(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
