// Reads the snapshot the way the debugger does: a JSON string from the function on globalThis.
import { chan, go, validateSnapshot } from 'goroutines';

const api = (globalThis as Record<symbol, unknown>)[Symbol.for('goroutines.inspect')] as
  { schemaVersion: number; snapshot(o?: object): string; dump(): string } | undefined;
if (!api) {
  console.log('no inspect api');
} else {
  const jobs = chan<number>(4);
  await jobs.send(1);
  // Three workers fill the buffer, two more wait to send.
  for (let i = 0; i < 5; i++) go.named('worker', async () => void (await jobs.send(i)));
  await new Promise((r) => setTimeout(r, 5));
  const text = api.snapshot({ limit: 2 });
  const r = validateSnapshot(text);
  if (!r.ok) throw new Error(r.error);
  const s = r.snapshot;
  console.log(
    JSON.stringify({
      version: api.schemaVersion,
      total: s.totals.goroutines,
      waiting: s.totals.waiting,
      listed: s.goroutines.length,
      groups: s.groups.map((g) => [g.count, g.state, g.waitReason]),
      channel: s.channels.map((c) => [c.length, c.capacity, c.sendWaiters.length]),
    }),
  );
}
