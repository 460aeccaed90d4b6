// Two goroutines that take two mutexes in opposite orders and deadlock; prints the runtime's snapshot
// (as the debugger would get it) once both wait. Run with GOROUTINES_DEBUG=1.
import { Mutex, go, sleep } from 'goroutines';

const a = new Mutex();
const b = new Mutex();

async function transfer(first: Mutex, second: Mutex): Promise<void> {
  await first.lock();
  await sleep(5);
  await second.lock();
}

go.named('pay', transfer, a, b);
go.named('refund', transfer, b, a);
const inspector = (globalThis as Record<symbol, { snapshot(o: object): string }>)[
  Symbol.for('goroutines.inspect')
]!;
// Waits (however slow the machine) until both wait for their second lock.
for (;;) {
  const text = inspector.snapshot({ limit: 100 });
  const { goroutines } = JSON.parse(text) as { goroutines: { name: string; waitReason: string }[] };
  const stuck = goroutines.filter((g) => /^(pay|refund)$/.test(g.name) && g.waitReason === 'sync.Mutex.Lock');
  if (stuck.length === 2) {
    process.stdout.write(text);
    process.exit(0);
  }
  await sleep(10);
}
