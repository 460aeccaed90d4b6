// Generates the checker benchmark's workspace: 20,000 lines of TypeScript in a tsconfig project,
// half of the files using the goroutines runtime (worker pools, locked caches, select loops,
// cancellable pollers), half plain code the pre-filter skips, plus one 2,000-line file to edit.
// Like a user's project, it sees the runtime through its published declarations (runtime/dist).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RUNTIME_UNIT = (i) => `
export class Cache${i} {
  private readonly mu = new Mutex();
  private readonly data = new Map<string, number>();

  async get(key: string): Promise<number | undefined> {
    await this.mu.lock();
    try {
      return this.data.get(key);
    } finally {
      this.mu.unlock();
    }
  }

  async set(key: string, value: number): Promise<void> {
    using _ = await this.mu.lock();
    this.data.set(key, value);
  }
}

export async function pool${i}(jobs: number[], workers: number): Promise<number[]> {
  const input = chan<number>(workers);
  const output = chan<number>(jobs.length);
  const wg = new WaitGroup();
  for (let w = 0; w < workers; w++) {
    wg.go(async () => {
      for await (const j of input) await output.send(j * ${i + 1});
    });
  }
  for (const j of jobs) await input.send(j);
  input.close();
  await wg.wait();
  output.close();
  const out: number[] = [];
  for await (const v of output) out.push(v);
  return out;
}

export function poller${i}(parent: Context, every: number, tick: () => void): () => void {
  const [ctx, cancel] = context.withCancel(parent);
  go(async () => {
    while (!ctx.err()) {
      await select(recv(ctx.done()), recv(after(every)));
      tick();
    }
  });
  return cancel;
}

export async function first${i}(a: Chan<number>, b: Chan<number>, ms: number): Promise<number | undefined> {
  const [ctx, cancel] = context.withTimeout(context.background(), ms);
  try {
    return await select(
      recv(a, (v) => v),
      recv(b, (v) => v),
      recv(ctx.done(), () => undefined),
    );
  } finally {
    cancel();
  }
}
`;

const PLAIN_UNIT = (i) => `
export interface Point${i} {
  x: number;
  y: number;
}

export function distance${i}(a: Point${i}, b: Point${i}): number {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  return Math.sqrt(dx * dx + dy * dy);
}

export function centroid${i}(points: Point${i}[]): Point${i} {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

export class Histogram${i} {
  private readonly buckets = new Map<number, number>();
  constructor(private readonly width: number) {}
  add(v: number): void {
    const b = Math.floor(v / this.width);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
  }
  top(n: number): [number, number][] {
    return [...this.buckets.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  }
}

export function parse${i}(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}
`;

const HEADER =
  "import { chan, go, select, recv, after, context, Mutex, WaitGroup, type Chan, type Context } from 'goroutines';\n";

function fileOf(units, runtime) {
  let text = runtime ? HEADER : '';
  for (const i of units) text += runtime ? RUNTIME_UNIT(i) : PLAIN_UNIT(i);
  return text;
}

/** Writes the workspace into `dir` (replacing it); returns { files, lines, bigFile }. */
export function generate(dir, runtimeDir, { totalLines = 20000, bigLines = 2000 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(runtimeDir, join(dir, 'node_modules/goroutines'), 'dir');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['ES2023', 'ESNext.Disposable'],
          types: [],
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  let lines = 0;
  let files = 0;
  let unit = 0;
  const count = (t) => t.split('\n').length;
  // the big file: runtime units until bigLines
  let big = HEADER;
  while (count(big) < bigLines) big += RUNTIME_UNIT(unit++);
  const bigFile = join(dir, 'src/big.ts');
  writeFileSync(bigFile, big);
  lines += count(big);
  files++;
  while (lines < totalLines) {
    const runtime = files % 2 === 0;
    const text = fileOf([unit, unit + 1, unit + 2], runtime);
    unit += 3;
    writeFileSync(join(dir, `src/m${files}.ts`), text);
    lines += count(text);
    files++;
  }
  return { files, lines, bigFile };
}
