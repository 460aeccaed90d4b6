// The debugger's snapshot covers worker threads without the program asking for their records: each
// call asks the workers for fresh ones, which the next call shows.
import { go, shared, sleep, validateSnapshot, worker } from 'goroutines';

const api = (globalThis as Record<symbol, unknown>)[Symbol.for('goroutines.inspect')] as {
  snapshot(o?: object): string;
};
const mod = worker<typeof import('./worker-blocked.js')>(new URL('./worker-blocked.ts', import.meta.url));
const ch = shared.chan<number>();
go(mod.waitForClose, ch);

const onWorkers = (): string[] => {
  const r = validateSnapshot(api.snapshot({ limit: 100 }));
  if (!r.ok) throw new Error(r.error);
  return r.snapshot.goroutines.filter((g) => g.thread !== 0).map((g) => `${g.state} ${g.waitReason}`);
};

await sleep(300);
const deadline = Date.now() + 10_000;
let seen = onWorkers();
// The worker's goroutine may still be starting when the first answer comes back.
while (!seen.includes('waiting chan receive') && Date.now() < deadline) {
  await sleep(50);
  seen = onWorkers();
}
console.log(JSON.stringify(seen));
ch.close();
