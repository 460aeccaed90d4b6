export interface Thumb {
  path: string;
  size: number;
  bytes: number;
}

export async function render(path: string, size: number): Promise<Thumb> {
  if (!path.endsWith('.png')) throw new Error(`not an image: ${path}`);
  return { path, size, bytes: size * size };
}
