// Registration hooks: each one is told which plugins are registered now.
import { names } from './registry.js';

const seen: string[][] = [];

export async function runHooks(added: string): Promise<void> {
  const all = await names();
  seen.push([added, ...all]);
}

export function history(): readonly string[][] {
  return seen;
}
