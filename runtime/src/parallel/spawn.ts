// Spelling a parallel goroutine. A JavaScript closure cannot move to another thread, so the
// goroutine's function is a named export of a module, reached through `worker(url)`:
//
//   const w = worker<typeof import('./hash.js')>(new URL('./hash.js', import.meta.url));
//   go(w.hash, data);                 // Go's `go hash(data)`, on the pool (goParallel(w.hash, data) too)
//   const sum = await w.hash(data);   // a plain call that runs on the pool and returns its result
//
// `w.hash` is a WorkerFunction: a real function (so the scheduler's go() can run it like any other)
// that carries the module and export it stands for.
import { threadId } from 'node:worker_threads';
import { toWire, unclonable } from './shared.js';
import { UnclonableError } from './errors.js';
import { currentGoroutine } from '../sched/sched.js';
import type { Outcome, Task, ThrownInfo } from './protocol.js';
import { nextGoroutineId } from './shared.js';

export const WORKER_FUNCTION: unique symbol = Symbol.for('goroutines.workerFunction');

export interface WorkerFunctionRef {
  /** The module's URL, as given to worker(). */
  readonly module: string;
  /** The name of the export. */
  readonly name: string;
}

/** A module's exported function, callable from any thread; it runs on the worker pool. */
export type WorkerFunction<F> = F extends (...args: infer A) => infer R
  ? ((...args: A) => Promise<Awaited<R>>) & { readonly [WORKER_FUNCTION]: WorkerFunctionRef }
  : never;

/** The functions a module exports, as worker functions. */
export type WorkerModule<M> = {
  readonly [K in keyof M as M[K] extends (...args: never[]) => unknown ? K : never]: WorkerFunction<M[K]>;
};

/** Where tasks go: the main thread's pool, or (in a worker) the main thread. */
export interface Dispatcher {
  /** `created` is the stack at the go() call, for the crash report of a goroutine that throws. */
  submit(task: Task, onOutcome: ((o: Outcome) => void) | null, created?: Error): void;
  /** A call whose promise the dispatcher settles itself (cheaper than submit with a callback). */
  call?(ref: WorkerFunctionRef, args: unknown[], call: number, parent: number): Promise<unknown>;
}

let dispatcher: Dispatcher | null = null;
let makeDispatcher: (() => Dispatcher) | null = null;

export function setDispatcher(d: Dispatcher): void {
  dispatcher = d;
}

/** The pool is started on first use, by the module that knows how (pool.ts on the main thread). */
export function setDispatcherFactory(f: () => Dispatcher): void {
  makeDispatcher = f;
}

function getDispatcher(): Dispatcher {
  dispatcher ??= makeDispatcher?.() ?? null;
  if (dispatcher === null) throw new Error('goroutines: no worker pool on this thread');
  return dispatcher;
}

let nextCall = 0;

/**
 * The exports of the module at `url` as worker functions. Type it with the module's own type:
 * `worker<typeof import('./m.js')>(new URL('./m.js', import.meta.url))`.
 */
export function worker<M>(url: URL | string): WorkerModule<M> {
  const module = typeof url === 'string' ? url : url.href;
  if (!/^(file|data):/.test(module))
    throw new TypeError(`goroutines: worker() needs a file URL, got ${module}`);
  const fns = new Map<string, unknown>();
  return new Proxy({} as WorkerModule<M>, {
    get(_t, name) {
      if (typeof name !== 'string') return undefined;
      let f = fns.get(name);
      if (f === undefined) {
        f = workerFunction(module, name);
        fns.set(name, f);
      }
      return f;
    },
  });
}

function workerFunction(module: string, name: string): unknown {
  const ref: WorkerFunctionRef = { module, name };
  const call = (...args: unknown[]) => callOnPool(ref, args);
  Object.defineProperty(call, 'name', { value: name });
  Object.defineProperty(call, WORKER_FUNCTION, { value: ref });
  return call;
}

export function isWorkerFunction(f: unknown): f is WorkerFunction<(...a: never[]) => unknown> {
  return typeof f === 'function' && WORKER_FUNCTION in f;
}

function checkArgs(ref: WorkerFunctionRef, args: unknown[]): unknown[] {
  for (let i = 0; i < args.length; i++) {
    const why = unclonable(args[i], true);
    if (why !== null)
      throw new UnclonableError(
        `goroutines: cannot pass ${why} to ${ref.name} on a worker thread (argument ${i + 1}): only structured-clonable values and shared objects made with shared.*`,
      );
  }
  // `args` is the call's own rest array: rewriting it in place saves a copy per call.
  for (let i = 0; i < args.length; i++) args[i] = toWire(args[i]);
  return args;
}

function task(ref: WorkerFunctionRef, args: unknown[], call: number, created: string): Task {
  return [nextGoroutineId(), parentOf(), ref.name, ref.module, ref.name, checkArgs(ref, args), call, created];
}

/** The spawning goroutine (best effort, as the scheduler knows it); 0 for a worker's own top level. */
function parentOf(): number {
  const id = currentGoroutine()?.id ?? 1;
  return id === 1 && threadId !== 0 ? 0 : id;
}

/** A failure of a function that ran on a worker, as its caller sees it. */
export class WorkerError extends Error {
  override name = 'WorkerError';
  constructor(
    readonly thrown: ThrownInfo,
    /** The goroutine id it ran as, and the worker thread. */
    readonly goroutine: number,
    readonly thread: number,
  ) {
    super(thrown.message);
    this.stack = `${thrown.stack}\n    at goroutine ${goroutine} on worker thread ${thread}`;
  }
}

function callOnPool(ref: WorkerFunctionRef, args: unknown[]): Promise<unknown> {
  const d = dispatcher;
  if (d?.call !== undefined) {
    try {
      return d.call(ref, checkArgs(ref, args), ++nextCall, parentOf());
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return new Promise((resolve, reject) => {
    const t = task(ref, args, ++nextCall, '');
    getDispatcher().submit(t, (o) => {
      if (o[2] === 0) resolve(o[3]);
      else {
        const [info, thread] = o[3] as [ThrownInfo, number];
        reject(new WorkerError(info, o[0], thread));
      }
    });
  });
}

/**
 * `go f(args…)` for a worker function: start it as a goroutine on the pool. Like any goroutine, if
 * it throws and does not catch, the program crashes as with an unrecovered panic in Go.
 */
export function goParallel<A extends unknown[]>(
  f: ((...args: A) => unknown) & { readonly [WORKER_FUNCTION]: WorkerFunctionRef },
  ...args: A
): void {
  const ref = f[WORKER_FUNCTION];
  if (ref === undefined)
    throw new TypeError('goroutines: goParallel needs a worker function (an export of worker(url))');
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  const created = new Error('created');
  Error.stackTraceLimit = saved;
  getDispatcher().submit(task(ref, args, 0, ''), null, created);
}
