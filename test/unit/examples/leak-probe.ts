// Preloaded (`--import`) into each example run by examples.test.ts: when the program has nothing
// left to do, it reports on stderr how many goroutines are still alive (with their dump), using the
// runtime's own leak check.
import { verifyNone, GoroutineLeakError } from 'goroutines';

let reported = false;
process.on('beforeExit', () => {
  if (reported) return;
  reported = true;
  verifyNone({ maxWaitMs: 0 }).then(
    () => process.stderr.write('goroutines left at exit: 0\n'),
    (err: unknown) => {
      if (!(err instanceof GoroutineLeakError)) throw err;
      process.stderr.write(`goroutines left at exit: ${err.goroutines.length}\n${err.message}\n`);
    },
  );
});
