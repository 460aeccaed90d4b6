// The messages between the main thread and its workers (one file, imported by both sides).
import type { WireRecord } from './records.js';
import type { MessagePort } from 'node:worker_threads';
import type { Descriptor } from './shared.js';

/** A goroutine to start: [id, parentId, name, module URL, export, args (wire form), call id (0: none), creation stack]. */
export type Task = [number, number, string, string, string, unknown[], number, string];

/** A finished goroutine: [id, call id, 0 (returned) or 1 (threw), value or error]. */
export type Outcome = [number, number, 0 | 1, unknown];

/** A worker function as a worker knows it by number: [number, module URL, export]. */
export type FunctionDef = [number, string, string];

// Batches travel flat, so that a message is one array to clone rather than one per goroutine:
// a 'run' batch is, per goroutine, [id, parentId, function number, call id, creation stack, argc,
// ...args]; a 'done' batch is, per goroutine, the four fields of its Outcome.

/** Appends a task to a flat 'run' batch. */
export function putTask(flat: unknown[], t: Task, fn: number): void {
  const args = t[5];
  flat.push(t[0], t[1], fn, t[6], t[7], args.length);
  for (let i = 0; i < args.length; i++) flat.push(args[i]);
}

/** Reads the tasks of a flat 'run' batch back, given the worker's function table. */
export function* takeTasks(flat: unknown[], fns: Map<number, [string, string]>): Generator<Task> {
  let i = 0;
  while (i < flat.length) {
    const [module, name] = fns.get(flat[i + 2] as number)!;
    const argc = flat[i + 5] as number;
    const args = flat.slice(i + 6, i + 6 + argc);
    yield [
      flat[i] as number,
      flat[i + 1] as number,
      name,
      module,
      name,
      args,
      flat[i + 3] as number,
      flat[i + 4] as string,
    ];
    i += 6 + argc;
  }
}

export interface ThrownInfo {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

export type ToWorker =
  | { t: 'run'; defs: FunctionDef[]; flat: unknown[] }
  | { t: 'result'; outcomes: Outcome[] }
  | { t: 'records'; req: number }
  | { t: 'ping'; req: number };

export type FromWorker =
  | { t: 'done'; flat: unknown[] }
  | { t: 'spawn'; tasks: Task[] }
  | { t: 'records'; req: number; records: WireRecord[] }
  /** With the worker's goroutine records when it is asleep: the state a deadlock would leave it in. */
  | { t: 'pong'; req: number; asleep: boolean; records: WireRecord[] | null };

export interface WorkerBoot {
  readonly globals: SharedArrayBuffer;
  readonly entry: string;
  /** The tsx ESM API module to register first, when the program runs under tsx. */
  readonly tsx: string | null;
  /** Two int32: waits on shared memory pending on the worker, and its calls to look (records.ts). */
  readonly asleep: SharedArrayBuffer;
  /** The worker's end of its port for shared objects in channel values (shared.ts). */
  readonly registry: MessagePort;
  /** One int32 the main thread sets to 1 when it has answered a lookup on `registry`. */
  readonly answered: SharedArrayBuffer;
}

/** On the registry port: a worker announces a shared object, or asks for one by id. */
export type RegistryMessage = { a: Descriptor } | { q: number };

/** The main thread's answer to a lookup: the descriptor, or null if no thread announced that id. */
export interface RegistryAnswer {
  readonly id: number;
  readonly d: Descriptor | null;
}
