// Asks for a leak search the way the inspector does (through the global the debugger evaluates),
// in a program started without --expose-gc: two goroutines wait for each other on channels only they
// reference (leaked), one waits on a channel the program keeps (not leaked). Prints the answers.
import { chan, go, sleep } from 'goroutines';

function startPair(): void {
  const ping = chan<number>();
  const pong = chan<number>();
  go.named('pinger', async () => {
    await ping.send(((await pong.recv()) ?? 0) + 1);
  });
  go.named('ponger', async () => {
    await pong.send(((await ping.recv()) ?? 0) + 1);
  });
}

const kept = chan<number>();
go.named('kept', async () => {
  await kept.recv();
});
startPair();

interface Inspect {
  findLeaks(round?: number): string;
  snapshot(): string;
  dump(): string;
}
const inspect = (globalThis as unknown as Record<symbol, Inspect>)[Symbol.for('goroutines.inspect')]!;
// The inspector looks at the goroutines first, as the views do, until all three wait (however slow
// the machine): that must not keep them reachable, not even a snapshot taken in the same turn as
// the search.
for (;;) {
  inspect.dump();
  const { goroutines } = JSON.parse(inspect.snapshot()) as { goroutines: { waitReason: string }[] };
  if (goroutines.filter((g) => g.waitReason === 'chan receive').length === 3) break;
  await sleep(5);
}
inspect.snapshot();
const first = JSON.parse(inspect.findLeaks()) as { round: number; done: boolean };
let last = first;
while (!last.done) {
  await sleep(10);
  last = JSON.parse(inspect.findLeaks(first.round)) as typeof first;
}
const problems = (JSON.parse(inspect.snapshot()) as { problems: { kind: string; name?: string }[] }).problems;
console.log(
  JSON.stringify({
    first,
    last,
    problems,
    gcOnGlobal: typeof (globalThis as { gc?: unknown }).gc,
    kept: kept.length,
  }),
);
