import { createHash } from 'node:crypto';

export async function digest(name: string): Promise<string> {
  return createHash('sha256').update(name).digest('hex').slice(0, 12);
}
