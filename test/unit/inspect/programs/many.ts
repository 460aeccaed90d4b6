// Measures snapshots and dumps of 100,000 parked goroutines (not a test: prints figures).
// Run: GOROUTINES_DEBUG=1 node --conditions=development --import tsx test/unit/inspect/programs/many.ts
import { chan, dump, go, snapshot } from 'goroutines';

const n = Number(process.argv[2] ?? 100_000);
const chans = Array.from({ length: 100 }, () => chan<number>());
for (let i = 0; i < n; i++)
  go.named(i % 2 ? 'reader' : 'writer', async () => void (await chans[i % 100]!.recv()));
const t0 = performance.now();
while (snapshot({ limit: 0, groups: false }).totals.waiting < n) await new Promise((r) => setTimeout(r, 50));
console.log(`${n} goroutines parked after ${(performance.now() - t0).toFixed(0)} ms`);

function time(label: string, f: () => unknown): void {
  f();
  const runs = 5;
  const t0 = performance.now();
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const out = f();
    size = typeof out === 'string' ? out.length : 0;
  }
  console.log(`${label}: ${((performance.now() - t0) / runs).toFixed(1)} ms${size ? `, ${size} chars` : ''}`);
}

time(`snapshot JSON, page of 500, groups (${n} goroutines)`, () => JSON.stringify(snapshot({ limit: 500 })));
time('grouped dump', () => dump({ grouped: true }));
time('full dump', () => dump());
for (const c of chans) c.close();
time('snapshot without groups', () => JSON.stringify(snapshot({ limit: 500, groups: false })));
