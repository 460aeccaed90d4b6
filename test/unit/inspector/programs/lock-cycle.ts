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
await sleep(50);
const inspector = (globalThis as Record<symbol, { snapshot(o: object): string }>)[
  Symbol.for('goroutines.inspect')
];
process.stdout.write(inspector!.snapshot({ limit: 100 }));
process.exit(0);
