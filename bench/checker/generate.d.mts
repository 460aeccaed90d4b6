/** Writes the benchmark workspace into `dir` (replacing it). */
export function generate(
  dir: string,
  runtimeDir: string,
  opts?: { totalLines?: number; bigLines?: number },
): { files: number; lines: number; bigFile: string };
