// A debug run that deadlocks with a debugger attached (here an in-process session standing in for
// VS Code's): the program stops before it ends, and the snapshot taken there names the deadlock.
import { Session } from 'node:inspector';
import { chan, WaitGroup } from 'goroutines';

const api = (globalThis as Record<symbol, unknown>)[Symbol.for('goroutines.inspect')] as
  { snapshot(o?: object): string } | undefined;
const session = new Session();
session.connect();
session.on('Debugger.paused', () => {
  if (!api) {
    console.log('paused: without the inspector');
    session.post('Debugger.resume');
    return;
  }
  const s = JSON.parse(api.snapshot()) as { problems: { kind: string; goroutines?: number[] }[] };
  const deadlock = s.problems.find((p) => p.kind === 'deadlock');
  console.log(
    `paused: ${deadlock ? `deadlock of ${deadlock.goroutines!.length} goroutines` : 'no deadlock'}`,
  );
  session.post('Debugger.resume');
});
session.post('Debugger.enable');

const jobs = chan<number>();
const wg = new WaitGroup();
for (let i = 0; i < 2; i++) {
  wg.go(async () => {
    for await (const _ of jobs);
  });
}
await wg.wait();
