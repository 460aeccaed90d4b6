const taken = new Set([1, 2, 3, 5, 8]);

export async function isFree(id: number): Promise<boolean> {
  return !taken.has(id);
}
