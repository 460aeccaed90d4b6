// The messages between the main thread and its workers (one file, imported by both sides).
import type { WireRecord } from './records.js';

/** A goroutine to start: [id, parentId, name, module URL, export, args (wire form), call id (0: none), creation stack]. */
export type Task = [number, number, string, string, string, unknown[], number, string];

/** A finished goroutine: [id, call id, 0 (returned) or 1 (threw), value or error]. */
export type Outcome = [number, number, 0 | 1, unknown];

export interface ThrownInfo {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

export type ToWorker =
  | { t: 'run'; tasks: Task[] }
  | { t: 'result'; outcomes: Outcome[] }
  | { t: 'records'; req: number }
  | { t: 'ping'; req: number };

export type FromWorker =
  | { t: 'done'; outcomes: Outcome[] }
  | { t: 'spawn'; tasks: Task[] }
  | { t: 'records'; req: number; records: WireRecord[] }
  | { t: 'pong'; req: number; asleep: boolean };

export interface WorkerBoot {
  readonly globals: SharedArrayBuffer;
  readonly entry: string;
  /** The tsx ESM API module to register first, when the program runs under tsx. */
  readonly tsx: string | null;
  /** Two int32: waits on shared memory pending on the worker, and its calls to look (records.ts). */
  readonly asleep: SharedArrayBuffer;
}
