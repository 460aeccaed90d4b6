// The main thread's pool of worker threads (Go's Ps): GOMAXPROCS of them, default
// os.availableParallelism(), started on first use. Every parallel goroutine, wherever it was
// spawned, is placed by this pool on the worker with the fewest live goroutines. Spawns and
// outcomes travel in flat batches (protocol.ts): up to 256 per message, sent when full or at the end
// of the turn of the event loop.
//
// Lifetime: a worker is ref'd only while one of its goroutines can make progress by itself (see
// updateRef), so an idle pool never keeps the process alive. Failure: a goroutine that throws with nobody to hand the error to crashes the program like
// an unrecovered panic (exit status 2); a worker thread that dies (process.exit in it, out of memory)
// takes goroutines with it, and the locks and WaitGroups they held would leave others waiting
// forever, so that is a fatal error too.
import {
  Worker,
  MessageChannel,
  isMainThread,
  receiveMessageOnPort,
  type MessagePort,
  type ResourceLimits,
} from 'node:worker_threads';
import { setAfterWake, watchWord } from './wait.js';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  globalBuffer,
  globalWords,
  nextGoroutineId,
  setSharedResolver,
  G_INFLIGHT,
  G_EPOCH,
  type Descriptor,
} from './shared.js';
import { setDispatcherFactory, WorkerError, type Dispatcher, type WorkerFunctionRef } from './spawn.js';
import {
  putTask,
  type FromWorker,
  type FunctionDef,
  type Outcome,
  type Task,
  type ThrownInfo,
  type ToWorker,
  type WorkerBoot,
  type RegistryMessage,
  type RegistryAnswer,
} from './protocol.js';
import type { WireRecord } from './records.js';
import type { GoroutineRecord } from '../sched/record.js';
import { formatDump } from '../inspect/dump.js';
import { writeSync } from 'node:fs';
import { setIdAllocator } from '../sched/sched.js';
import { publishThreadGoroutines, setThreadRefresher } from '../inspect/threads.js';

interface Slot {
  readonly worker: Worker;
  readonly threadId: number;
  /** Goroutines started here and not finished. */
  live: number;
  /** How many of them are calls whose caller awaits the result. */
  calls: number;
  /** How many of them are parked on shared objects (written by the worker). */
  readonly asleep: Int32Array;
  refd: boolean;
  /** Tasks waiting for the next message, flat (protocol.ts), and the function numbers it knows. */
  outbox: unknown[];
  queued: number;
  defs: FunctionDef[];
  readonly fns: Map<string, Map<string, number>>;
  nfns: number;
  error: Error | null;
  exited: boolean;
  /** The main thread's end of the worker's registry port, and the word that signals an answer. */
  readonly registry: MessagePort;
  readonly answered: Int32Array;
  /** The worker's goroutines as it last confirmed being asleep (null: it was not). */
  asleepRecords: WireRecord[] | null;
}

interface InFlight {
  readonly id: number;
  readonly name: string;
  /** Kept for the crash report of a goroutine nobody awaits; null for a call. */
  readonly task: Task | null;
  readonly slot: Slot;
  /** Who gets the outcome of a call: a callback, or (a call made on this thread) its promise. */
  readonly onOutcome: ((o: Outcome) => void) | null;
  readonly resolve: ((v: unknown) => void) | null;
  readonly reject: ((e: unknown) => void) | null;
  readonly created: Error | undefined;
}

/** Spawns per message at most: enough to amortise a message, few enough to start work early. */
const BATCH = 256;

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx !== null) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((e) => { setImmediate(() => { throw e; }); });
`;

export interface PoolOptions {
  /** Heap limits of each worker thread (see worker_threads' resourceLimits). */
  resourceLimits?: ResourceLimits;
}

const options: PoolOptions = {};

/** Set before the first parallel goroutine starts; later calls only affect workers started after. */
export function configurePool(o: PoolOptions): void {
  Object.assign(options, o);
}

/** Number of worker threads: GOMAXPROCS from the environment, else the machine's parallelism. */
export function gomaxprocs(): number {
  const env = Number.parseInt(process.env.GOMAXPROCS ?? '', 10);
  return Number.isInteger(env) && env > 0 ? env : availableParallelism();
}

/**
 * The tsx ESM API module, when the program runs under tsx: Node 20 does not apply `--import`
 * loaders to worker threads, so each worker registers tsx itself before loading TypeScript.
 */
function tsxApi(): string | null {
  if (!/\btsx\b/.test(process.execArgv.join(' '))) return null;
  try {
    const req = createRequire(`${process.cwd()}/`);
    const pkgPath = req.resolve('tsx/package.json');
    const pkg = req(pkgPath) as { exports?: Record<string, { import?: string | { default?: string } }> };
    const imp = pkg.exports?.['./esm/api']?.import;
    const rel = typeof imp === 'string' ? imp : imp?.default;
    return rel === undefined ? null : new URL(rel, pathToFileURL(pkgPath)).href;
  } catch {
    return null;
  }
}

class Pool implements Dispatcher {
  private readonly slots: Slot[] = [];
  private readonly inflight = new Map<number, InFlight>();
  private readonly size = gomaxprocs();
  private readonly base: Omit<WorkerBoot, 'asleep' | 'registry' | 'answered'>;
  private flushing = false;
  private nextReq = 0;
  private readonly recordReplies = new Map<number, (r: WireRecord[]) => void>();

  constructor() {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    this.base = {
      globals: globalBuffer(),
      entry: new URL(`./worker-entry${ext}`, import.meta.url).href,
      tsx: tsxApi(),
    };
  }

  submit(task: Task, onOutcome: ((o: Outcome) => void) | null, created?: Error): void {
    const slot = this.place();
    slot.live++;
    if (onOutcome !== null) slot.calls++;
    this.recheck();
    this.inflight.set(task[0], {
      id: task[0],
      name: task[2],
      task: onOutcome === null ? task : null,
      slot,
      onOutcome,
      resolve: null,
      reject: null,
      created,
    });
    this.enqueue(slot, task);
  }

  /**
   * A call made on the main thread (`await w.f(x)`): settles the promise directly, keeping per call
   * only the record of it in flight (a call never needs the crash report's task).
   */
  call(ref: WorkerFunctionRef, args: unknown[], call: number, parent: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = nextGoroutineId();
      const slot = this.place();
      slot.live++;
      slot.calls++;
      this.recheck();
      const name = ref.name;
      this.inflight.set(id, {
        id,
        name,
        task: null,
        slot,
        onOutcome: null,
        resolve,
        reject,
        created: undefined,
      });
      this.enqueue(slot, [id, parent, name, ref.module, name, args, call, '']);
    });
  }

  private enqueue(slot: Slot, task: Task): void {
    // By module, then export: no key string to build per spawn.
    let byName = slot.fns.get(task[3]);
    if (byName === undefined) slot.fns.set(task[3], (byName = new Map()));
    let fn = byName.get(task[4]);
    if (fn === undefined) {
      fn = ++slot.nfns;
      byName.set(task[4], fn);
      slot.defs.push([fn, task[3], task[4]]);
    }
    putTask(slot.outbox, task, fn);
    // Large batches go at once, so that the worker starts while more are being spawned.
    if (++slot.queued >= BATCH) this.post(slot);
    else if (!this.flushing) {
      this.flushing = true;
      queueMicrotask(() => this.flush());
    }
  }

  private place(): Slot {
    let best: Slot | null = null;
    for (const s of this.slots) if (!s.exited && (best === null || s.live < best.live)) best = s;
    if (best !== null && (best.live === 0 || this.slots.length >= this.size)) return best;
    return this.start();
  }

  private flush(): void {
    this.flushing = false;
    for (const s of this.slots) if (s.queued > 0) this.post(s);
  }

  private post(slot: Slot): void {
    const msg: ToWorker = { t: 'run', defs: slot.defs, flat: slot.outbox };
    slot.outbox = [];
    slot.defs = [];
    slot.queued = 0;
    slot.worker.postMessage(msg);
  }

  private start(): Slot {
    const asleep = new SharedArrayBuffer(8);
    const answered = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const boot: WorkerBoot = { ...this.base, asleep, registry: port2, answered };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: boot,
      transferList: [port2],
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    const slot: Slot = {
      worker,
      threadId: worker.threadId,
      live: 0,
      calls: 0,
      asleep: new Int32Array(asleep),
      refd: false,
      outbox: [],
      queued: 0,
      defs: [],
      fns: new Map(),
      nfns: 0,
      error: null,
      exited: false,
      registry: port1,
      answered: new Int32Array(answered),
      asleepRecords: null,
    };
    this.slots.push(slot);
    port1.on('message', (m: RegistryMessage) => this.onRegistry(slot, m));
    port1.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e) => {
      slot.error = e;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
    worker.unref();
    void this.watchAsleep(slot);
    return slot;
  }

  /**
   * A worker keeps the process alive only while one of its goroutines can still make progress by
   * itself: one that is not parked on a shared object. So a program whose main part is done ends
   * even if worker goroutines wait forever (as a Go program ends when main returns), and a main
   * goroutine waiting for workers that all wait too is reported as Go's deadlock.
   */
  private updateRef(slot: Slot): void {
    if (slot.exited) return;
    if (this.busy(slot)) {
      if (!slot.refd) {
        slot.refd = true;
        slot.worker.ref();
      }
    } else if (slot.refd) this.confirmAsleep();
  }

  private confirming = false;
  private confirmAgain = false;

  /**
   * Unref the workers that look asleep, once they confirm it: each answers a message (so whatever
   * it was doing when main looked has finished), and no goroutine anywhere may have woken in the
   * meantime (the wake epoch is unchanged) or be about to (no wake-up in flight). Main's view of the
   * counters can lag behind the workers; this round trip is what makes the decision safe.
   */
  private confirmAsleep(): void {
    if (this.confirming) {
      this.confirmAgain = true;
      return;
    }
    this.confirming = true;
    const g = globalWords();
    const epoch = Atomics.load(g, G_EPOCH);
    const candidates = this.slots.filter((s) => s.refd && !s.exited && !this.busy(s));
    void Promise.all(candidates.map((s) => this.ping(s))).then((answers) => {
      this.confirming = false;
      const still = Atomics.load(g, G_EPOCH) === epoch && Atomics.load(g, G_INFLIGHT) === 0;
      for (const [i, s] of candidates.entries()) {
        if (still && answers[i] && s.refd && !s.exited && !this.busy(s)) {
          s.refd = false;
          s.worker.unref();
        }
      }
      if (this.confirmAgain || !still) {
        this.confirmAgain = false;
        this.recheck();
      }
    });
  }

  /** Resolves with the worker's own answer: whether it is sound asleep (records.ts). */
  private ping(slot: Slot): Promise<boolean> {
    return new Promise((resolve) => {
      const req = ++this.nextReq;
      this.pongs.set(req, (asleep, records) => {
        slot.asleepRecords = records;
        resolve(asleep);
      });
      const msg: ToWorker = { t: 'ping', req };
      slot.worker.postMessage(msg);
    });
  }

  private readonly pongs = new Map<number, (asleep: boolean, records: WireRecord[] | null) => void>();

  /**
   * Whether a goroutine of `slot` can run: one not waiting on shared memory, or one being woken.
   * A worker running a call whose result someone awaits is always counted busy: if that call waits
   * forever the program hangs rather than risk ending while it would still have answered.
   */
  private busy(slot: Slot): boolean {
    return (
      slot.calls > 0 ||
      slot.live > Atomics.load(slot.asleep, 0) ||
      (slot.live > 0 && Atomics.load(globalWords(), G_INFLIGHT) > 0)
    );
  }

  recheck(): void {
    for (const s of this.slots) this.updateRef(s);
  }

  private async watchAsleep(slot: Slot): Promise<void> {
    while (!slot.exited) {
      const seen = Atomics.load(slot.asleep, 1);
      this.recheck();
      await watchWord(slot.asleep, 1, seen);
    }
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    switch (m.t) {
      case 'done': {
        const f = m.flat;
        for (let i = 0; i < f.length; i += 4)
          this.finish(f[i] as number, f[i + 1] as number, f[i + 2] as 0 | 1, f[i + 3]);
        return;
      }
      case 'spawn':
        for (const t of m.tasks) {
          const call = t[6];
          this.submit(t, call === 0 ? null : (o) => this.forward(slot, call, o));
        }
        return;
      case 'records':
        this.recordReplies.get(m.req)?.(m.records);
        return;
      case 'pong':
        this.pongs.get(m.req)?.(m.asleep, m.records);
        this.pongs.delete(m.req);
        return;
    }
  }

  /** Take every registry message already sent by any worker (a lookup must see announcements first). */
  drainRegistry(): void {
    const asks: [Slot, number][] = [];
    for (const s of this.slots) {
      for (;;) {
        const r = receiveMessageOnPort(s.registry);
        if (r === undefined) break;
        const m = r.message as RegistryMessage;
        if ('a' in m) registry.set(m.a.id, m.a);
        else asks.push([s, m.q]);
      }
    }
    for (const [s, id] of asks) this.answer(s, id);
  }

  private onRegistry(slot: Slot, m: RegistryMessage): void {
    if ('a' in m) registry.set(m.a.id, m.a);
    else {
      this.drainRegistry();
      this.answer(slot, m.q);
    }
  }

  private answer(slot: Slot, id: number): void {
    const a: RegistryAnswer = { id, d: registry.get(id) ?? null };
    slot.registry.postMessage(a);
    Atomics.store(slot.answered, 0, 1);
    Atomics.notify(slot.answered, 0);
  }

  private forward(origin: Slot, call: number, o: Outcome): void {
    if (origin.exited) return;
    const msg: ToWorker = { t: 'result', outcomes: [[o[0], call, o[2], o[3]]] };
    origin.worker.postMessage(msg);
  }

  private finish(id: number, call: number, threw: 0 | 1, value: unknown): void {
    const f = this.inflight.get(id);
    if (f === undefined) return;
    this.inflight.delete(id);
    const slot = f.slot;
    slot.live--;
    if (f.task === null) slot.calls--;
    this.recheck();
    if (f.resolve !== null) {
      if (threw === 0) f.resolve(value);
      else {
        const [info, thread] = value as [ThrownInfo, number];
        f.reject!(new WorkerError(info, id, thread));
      }
    } else if (f.onOutcome !== null) f.onOutcome([id, call, threw, value]);
    else if (threw === 1) {
      const [info, thread] = value as [ThrownInfo, number];
      crash(panicReport(info, f.task!, thread, f.created));
    }
  }

  private onExit(slot: Slot, code: number): void {
    slot.exited = true;
    for (const resolve of this.pongs.values()) resolve(false, null);
    this.pongs.clear();
    publishThreadGoroutines(slot.threadId, []);
    const lost = [...this.inflight.values()].filter((f) => f.slot === slot);
    if (lost.length === 0) return;
    const why = slot.error !== null ? `${slot.error.message}` : `exited with code ${code}`;
    const names = lost.map((f) => `goroutine ${f.id}${f.name ? ` (${f.name})` : ''}`).join(', ');
    crash(`fatal error: worker thread ${slot.threadId} died: ${why}\nlost: ${names}\n`);
  }

  records(timeoutMs: number): Promise<WireRecord[]> {
    const live = this.slots.filter((s) => !s.exited);
    return Promise.all(
      live.map(
        (s) =>
          new Promise<WireRecord[]>((resolve) => {
            const req = ++this.nextReq;
            // Ref'd on purpose: an answer is awaited, even from a worker whose goroutines all sleep.
            const timer = setTimeout(() => {
              this.recordReplies.delete(req);
              resolve([]);
            }, timeoutMs);
            this.recordReplies.set(req, (r) => {
              clearTimeout(timer);
              this.recordReplies.delete(req);
              publishThreadGoroutines(s.threadId, r);
              resolve(r);
            });
            const msg: ToWorker = { t: 'records', req };
            s.worker.postMessage(msg);
          }),
      ),
    ).then((all) => all.flat());
  }

  /**
   * The goroutines of the workers that do not hold the process (every one of them confirmed asleep),
   * as they confirmed it: what the deadlock report adds to the main thread's goroutines.
   */
  asleepGoroutines(): WireRecord[] {
    const out: WireRecord[] = [];
    for (const s of this.slots)
      if (!s.exited && !s.refd && s.live > 0 && s.asleepRecords !== null) out.push(...s.asleepRecords);
    return out.sort((a, b) => a.id - b.id);
  }

  stats(): PoolStats {
    return { size: this.size, started: this.slots.filter((s) => !s.exited).length, live: this.inflight.size };
  }
}

export interface PoolStats {
  /** GOMAXPROCS: the most worker threads the pool starts. */
  readonly size: number;
  /** Worker threads running now. */
  readonly started: number;
  /** Parallel goroutines started and not finished. */
  readonly live: number;
}

/** Frames of the runtime's own machinery (this folder) and of Node's module loader. */
const ownDir = new URL('.', import.meta.url).pathname;
const machinery = (line: string) =>
  line.includes(ownDir) || line.includes('node:internal') || line.includes('(node:');

function panicReport(info: ThrownInfo, t: Task, thread: number, created: Error | undefined): string {
  const frames = (stack: string) => stack.split('\n').filter((l) => /^\s+at /.test(l) && !machinery(l));
  const site = created?.stack !== undefined ? frames(created.stack) : frames(t[7]);
  const parent = t[1] === 0 ? 'a worker goroutine' : `goroutine ${t[1]}`;
  const type = info.name !== 'Error' && info.name !== 'PanicError' ? `${info.name}: ` : '';
  return [
    `panic: ${type}${info.message}`,
    '',
    `goroutine ${t[0]} [running, worker thread ${thread}]:`,
    ...frames(info.stack),
    `created by go(${t[2]}) in ${parent}`,
    ...site,
    '',
  ].join('\n');
}

function crash(report: string): never {
  process.stderr.write(report);
  process.exit(2);
}

let pool: Pool | null = null;

function thePool(): Pool {
  if (pool === null) {
    const p = new Pool();
    pool = p;
    setAfterWake(() => p.recheck());
    setThreadRefresher(() => void p.records(1000));
  }
  return pool;
}

/**
 * Every shared object sent over a channel, by id: the main thread hands their descriptors to the
 * workers that receive them. Kept for the life of the process.
 */
const registry = new Map<number, Descriptor>();

// Go's deadlock report lists every goroutine. The main thread's scheduler prints its own when the event
// loop has drained (sched/crash.ts, on 'beforeExit', then exit status 2); the workers' goroutines,
// all asleep by then, follow from the records they sent when they confirmed it.
let drainedExit = false;

function onDrained(): void {
  drainedExit = true;
  // Still set when the exit follows from this 'beforeExit'; cleared if the program goes on.
  process.nextTick(() => {
    drainedExit = false;
  });
}

function onExit(code: number): void {
  if (!drainedExit || code !== 2 || pool === null) return;
  const records = pool.asleepGoroutines();
  if (records.length === 0) return;
  writeSync(2, '\n' + formatDump(records.map(fromWireRecord)));
}

function fromWireRecord(r: WireRecord): GoroutineRecord {
  const stack = (s: string | undefined): Error | undefined =>
    s === undefined ? undefined : ({ stack: s } as Error);
  return { ...r, waitingOn: null, createdAt: stack(r.createdAt), parkedAt: stack(r.parkedAt) };
}

if (isMainThread) {
  process.prependListener('beforeExit', onDrained);
  process.on('exit', onExit);
  setDispatcherFactory(thePool);
  setIdAllocator(nextGoroutineId);
  setSharedResolver({
    announce(d) {
      registry.set(d.id, d);
    },
    lookup(id) {
      if (!registry.has(id)) pool?.drainRegistry();
      return registry.get(id);
    },
  });
}

/**
 * The goroutine records of every worker thread (the same record type as the scheduler's, with
 * `waitingOn` described and stacks as text). A worker busy in synchronous code past `timeoutMs`
 * contributes nothing to this answer.
 */
export function workerGoroutines(timeoutMs = 1000): Promise<WireRecord[]> {
  if (!isMainThread)
    return Promise.reject(new Error('goroutines: workerGoroutines() is for the main thread'));
  return pool === null ? Promise.resolve([]) : pool.records(timeoutMs);
}

/** The pool's size and load; `live` is what deadlock detection must count as not asleep. */
export function poolStats(): PoolStats {
  return pool?.stats() ?? { size: gomaxprocs(), started: 0, live: 0 };
}
