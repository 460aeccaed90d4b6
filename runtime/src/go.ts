// `go f(x, y)` → `go(f, x, y)`; `go.named("producer", f, x)` labels the goroutine for dumps and the
// inspector.
import './sched/crash.js';
import { spawn } from './sched/sched.js';

export interface Go {
  /** Starts `f(...args)` as a new goroutine. An uncaught throw in it ends the program like a Go panic. */
  <A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void;
  /** Like `go(f, ...args)`, with a name shown in dumps and the inspector. */
  named<A extends unknown[]>(name: string, f: (...args: A) => unknown, ...args: A): void;
}

function goFn<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
  if (typeof f !== 'function') throw new TypeError('go: f is not a function');
  spawn(f.name, f as (...a: unknown[]) => unknown, args, goFn);
}

function named<A extends unknown[]>(name: string, f: (...args: A) => unknown, ...args: A): void {
  if (typeof f !== 'function') throw new TypeError('go: f is not a function');
  spawn(name, f as (...a: unknown[]) => unknown, args, named);
}

export const go: Go = Object.assign(goFn, { named });
