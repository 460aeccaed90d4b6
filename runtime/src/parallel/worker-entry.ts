// A worker thread of the pool: runs the parallel goroutines the main thread places here, keeps
// their records, answers record requests, and forwards spawns made here to the main thread.
import { parentPort, workerData, threadId, receiveMessageOnPort } from 'node:worker_threads';
import {
  adoptGlobalBuffer,
  fromWire,
  nextGoroutineId,
  setSharedResolver,
  toWire,
  unclonable,
  type Descriptor,
} from './shared.js';
import { setIdAllocator, spawn } from '../sched/sched.js';
// Every kind of shared object must be known here before an argument is rebuilt.
import './ring.js';
import './sync.js';
import './atomic.js';
import { asleepRecords, localRecords, runningDelta, setAsleepCounter, soundAsleep } from './records.js';
import { setDispatcher, type Dispatcher } from './spawn.js';
import {
  takeTasks,
  type FromWorker,
  type Outcome,
  type Task,
  type ThrownInfo,
  type ToWorker,
  type WorkerBoot,
  type RegistryMessage,
  type RegistryAnswer,
} from './protocol.js';

const boot = workerData as WorkerBoot;
adoptGlobalBuffer(boot.globals);

// Shared objects in channel values: announced to the main thread, looked up there synchronously.
const LOOKUP_TIMEOUT_MS = 10_000;
const answered = new Int32Array(boot.answered);
setSharedResolver({
  announce(d: Descriptor): void {
    const m: RegistryMessage = { a: d };
    boot.registry.postMessage(m);
  },
  lookup(id: number): Descriptor | undefined {
    const m: RegistryMessage = { q: id };
    Atomics.store(answered, 0, 0);
    boot.registry.postMessage(m);
    // The main thread answers from its event loop; this thread waits for it (a value in a channel
    // cannot be handed out before the object it holds can be).
    Atomics.wait(answered, 0, 0, LOOKUP_TIMEOUT_MS);
    // An answer to an earlier lookup that timed out may come first.
    for (;;) {
      const r = receiveMessageOnPort(boot.registry);
      if (r === undefined) return undefined;
      const a = r.message as RegistryAnswer;
      if (a.id === id) return a.d ?? undefined;
    }
  },
});
setIdAllocator(() => {
  const id = assignedId;
  assignedId = 0;
  return id !== 0 ? id : nextGoroutineId();
});
setAsleepCounter(new Int32Array(boot.asleep));
const port = parentPort!;

type Fn = (...args: unknown[]) => unknown;
/** The worker functions the main thread numbered for this worker: number → [module URL, export]. */
const fns = new Map<number, [string, string]>();
const modules = new Map<string, Record<string, unknown>>();
const loading = new Map<string, Promise<Record<string, unknown>>>();

/** Outcomes per message at most (see pool.ts). */
const BATCH = 256;
let done: Outcome[] = [];
let spawned: Task[] = [];
let flushing = false;

function schedule(): void {
  if (flushing) return;
  flushing = true;
  setImmediate(flush);
}

function flush(): void {
  flushing = false;
  if (spawned.length > 0) {
    const msg: FromWorker = { t: 'spawn', tasks: spawned };
    spawned = [];
    port.postMessage(msg);
  }
  if (done.length > 0) {
    const flat: unknown[] = [];
    for (const o of done) flat.push(o[0], o[1], o[2], o[3]);
    const msg: FromWorker = { t: 'done', flat };
    done = [];
    port.postMessage(msg);
  }
}

function thrown(e: unknown): [ThrownInfo, number] {
  const err = e instanceof Error ? e : null;
  const info: ThrownInfo = {
    name: err?.name ?? 'Error',
    message: err?.message ?? String(e),
    stack: err?.stack ?? String(e),
  };
  return [info, threadId];
}

function resolveFn(mod: Record<string, unknown>, t: Task): Fn {
  const f = mod[t[4]];
  if (typeof f !== 'function') throw new TypeError(`goroutines: ${t[3]} has no exported function ${t[4]}`);
  return f as Fn;
}

function load(url: string): Record<string, unknown> | Promise<Record<string, unknown>> {
  const m = modules.get(url);
  if (m !== undefined) return m;
  let p = loading.get(url);
  if (p === undefined) {
    p = import(url).then((mod: Record<string, unknown>) => {
      modules.set(url, mod);
      loading.delete(url);
      return mod;
    });
    loading.set(url, p);
  }
  return p;
}

/** Runs one parallel goroutine's function and records its outcome; never throws. */
async function runTask(t: Task): Promise<void> {
  runningDelta(1);
  try {
    let mod = load(t[3]);
    if (mod instanceof Promise) mod = await mod;
    const v = await resolveFn(mod, t)(...(fromWire(t[5]) as unknown[]));
    // Only a call wants the result; a goroutine's result is dropped, as in Go.
    if (t[6] === 0) done.push([t[0], 0, 0, undefined]);
    else {
      const why = unclonable(v, true);
      if (why !== null)
        done.push([
          t[0],
          t[6],
          1,
          thrown(new TypeError(`goroutines: ${t[2]} returned ${why}, which cannot cross threads`)),
        ]);
      else done.push([t[0], t[6], 0, toWire(v)]);
    }
  } catch (e) {
    done.push([t[0], t[6], 1, thrown(e)]);
  } finally {
    runningDelta(-1);
  }
  if (done.length >= BATCH) flush();
  else schedule();
}

/** The id the main thread gave the goroutine being started, for the scheduler's next record. */
let assignedId = 0;

function start(t: Task): void {
  assignedId = t[0];
  const g = spawn(t[2], runTask, [t], start);
  // The scheduler takes the parent from the goroutine running here; the real one is on another thread.
  (g as { parentId: number }).parentId = t[1];
}

/** Spawns made on this thread go to the main thread's pool, which places them. */
const pending = new Map<number, (o: Outcome) => void>();
const forwarder: Dispatcher = {
  submit(task, onOutcome, created) {
    if (onOutcome !== null) pending.set(task[6], onOutcome);
    else if (created !== undefined) task[7] = created.stack?.split('\n').slice(2).join('\n') ?? '';
    spawned.push(task);
    schedule();
  },
};
setDispatcher(forwarder);

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'run':
      for (const d of m.defs) fns.set(d[0], [d[1], d[2]]);
      for (const t of takeTasks(m.flat, fns)) start(t);
      return;
    case 'result':
      for (const o of m.outcomes) {
        const f = pending.get(o[1]);
        pending.delete(o[1]);
        f?.([o[0], o[1], o[2], o[2] === 0 ? fromWire(o[3]) : o[3]]);
      }
      return;
    case 'ping': {
      const asleep = soundAsleep();
      const msg: FromWorker = { t: 'pong', req: m.req, asleep, records: asleep ? asleepRecords() : null };
      port.postMessage(msg);
      return;
    }
    case 'records': {
      const msg: FromWorker = { t: 'records', req: m.req, records: localRecords() };
      port.postMessage(msg);
      return;
    }
  }
});
