// Shareable runtime objects: what they have in common, and how they cross a thread boundary.
// A shared object is a view over one SharedArrayBuffer. Sending it to a worker (as a goroutine's
// argument) sends a small descriptor, {kind, buffer}; the receiving thread rebuilds the object over
// the same memory, once per thread (a second arrival of the same object yields the same instance).

/** Process-wide counters, in one buffer every thread maps (the main thread creates it). */
const GLOBAL_WORDS = 8;
const G_NEXT_OBJECT = 0;
const G_NEXT_GOROUTINE = 1;
/** Wake-ups notified and not yet taken by the goroutine they woke (wait.ts). */
export const G_INFLIGHT = 2;
/** Counted wake-ups taken so far, by any thread (records.ts), for the pool's asleep check. */
export const G_EPOCH = 3;

let globals: Int32Array | null = null;

export function globalBuffer(): SharedArrayBuffer {
  if (globals === null) {
    globals = new Int32Array(new SharedArrayBuffer(GLOBAL_WORDS * 4));
    // Goroutine 1 is the main program; the scheduler of every thread draws the others from here.
    globals[G_NEXT_GOROUTINE] = 1;
  }
  return globals.buffer as SharedArrayBuffer;
}

export function globalWords(): Int32Array {
  globalBuffer();
  return globals!;
}

/** Called in a worker with the main thread's buffer, before any shared object is made there. */
export function adoptGlobalBuffer(buf: SharedArrayBuffer): void {
  globals = new Int32Array(buf);
}

export function nextObjectId(): number {
  globalBuffer();
  return Atomics.add(globals!, G_NEXT_OBJECT, 1) + 1;
}

/** A goroutine id unique across all threads. */
export function nextGoroutineId(): number {
  globalBuffer();
  return Atomics.add(globals!, G_NEXT_GOROUTINE, 1) + 1;
}

export const DESCRIPTOR = '__goroutinesShared';

export interface Descriptor {
  readonly [DESCRIPTOR]: string;
  readonly id: number;
  readonly buffers: readonly SharedArrayBuffer[];
}

export abstract class SharedObject {
  /** Unique in the process; the same on every thread that maps this object. */
  readonly sharedId: number;
  protected constructor(id: number) {
    this.sharedId = id;
  }
  abstract descriptor(): Descriptor;
}

type Rebuild = (d: Descriptor) => SharedObject;
const kinds = new Map<string, Rebuild>();
const instances = new Map<number, WeakRef<SharedObject>>();
const finalizer = new FinalizationRegistry<number>((id) => {
  const ref = instances.get(id);
  if (ref !== undefined && ref.deref() === undefined) instances.delete(id);
});

export function registerKind(kind: string, rebuild: Rebuild): void {
  kinds.set(kind, rebuild);
}

/** Remember an instance made on this thread, so that its descriptor coming back maps to it. */
export function remember<T extends SharedObject>(obj: T): T {
  instances.set(obj.sharedId, new WeakRef(obj));
  finalizer.register(obj, obj.sharedId);
  return obj;
}

function rebuild(d: Descriptor): SharedObject {
  const known = instances.get(d.id)?.deref();
  if (known !== undefined) return known;
  const make = kinds.get(d[DESCRIPTOR]);
  if (make === undefined) throw new Error(`goroutines: unknown shared object kind ${d[DESCRIPTOR]}`);
  return remember(make(d));
}

// ---- shared objects inside channel values ---------------------------------------------------------
// A channel value carries a shared object as its id. Its buffers can only cross threads in a message,
// so the main thread keeps the descriptor of every shared object sent over a channel: a thread that
// sends one announces it first (once), and a thread that receives one it has never mapped asks the
// main thread for it (a worker waits for the answer; see pool.ts and worker-entry.ts).

export interface SharedResolver {
  announce(d: Descriptor): void;
  lookup(id: number): Descriptor | undefined;
}

let resolver: SharedResolver | null = null;
const announced = new Set<number>();

export function setSharedResolver(r: SharedResolver): void {
  resolver = r;
}

/** Called as `o` goes into a channel value: makes sure every thread can map it. Returns its id. */
export function announceShared(o: SharedObject): number {
  const id = o.sharedId;
  if (!announced.has(id)) {
    announced.add(id);
    resolver?.announce(o.descriptor());
  }
  return id;
}

/** The shared object with this id, on this thread (rebuilt over its memory on first arrival). */
export function sharedById(id: number): SharedObject {
  const known = instances.get(id)?.deref();
  if (known !== undefined) return known;
  const d = resolver?.lookup(id);
  if (d === undefined)
    throw new Error(
      `goroutines: shared object #${id} received from a channel could not be mapped on this thread`,
    );
  return rebuild(d);
}

function isDescriptor(v: object): v is Descriptor {
  return DESCRIPTOR in v;
}

/**
 * Replace shared objects by descriptors (toWire) or descriptors by objects (fromWire) inside
 * arrays and plain objects; anything else is left to structured clone. Values without shared
 * objects are returned unchanged, so the common case copies nothing.
 */
export function toWire(v: unknown): unknown {
  if (v instanceof SharedObject) return v.descriptor();
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const w = toWire(v[i]);
      if (w !== v[i]) (out ??= v.slice())[i] = w;
    }
    return out ?? v;
  }
  if (v !== null && typeof v === 'object' && isPlain(v)) {
    let out: Record<string, unknown> | null = null;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      const w = toWire(x);
      if (w !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = w;
    }
    return out ?? v;
  }
  return v;
}

export function fromWire(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fromWire(v[i]);
    return v;
  }
  if (v !== null && typeof v === 'object' && isPlain(v)) {
    if (isDescriptor(v)) return rebuild(v);
    for (const k of Object.keys(v))
      (v as Record<string, unknown>)[k] = fromWire((v as Record<string, unknown>)[k]);
  }
  return v;
}

function isPlain(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Built-in types that structured clone copies faithfully. */
const CLONABLE: readonly (abstract new (...a: never[]) => unknown)[] = [
  Date,
  RegExp,
  Map,
  Set,
  ArrayBuffer,
  SharedArrayBuffer,
  DataView,
  Error,
  Boolean,
  Number,
  String,
];

function typeName(v: object): string {
  const c = (v as { constructor?: { name?: string } }).constructor;
  return c?.name ? `an instance of ${c.name}` : 'an object with a custom prototype';
}

/**
 * Why `v` cannot cross a thread boundary without losing something (a function, a class instance
 * whose prototype and private state structured clone would drop), or null when it can.
 */
export function unclonable(v: unknown, allowShared: boolean, seen?: Set<object>): string | null {
  switch (typeof v) {
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'object':
      break;
    default:
      return null;
  }
  if (v === null) return null;
  // Made only for objects: a number or string argument (the common case) allocates nothing.
  seen ??= new Set<object>();
  if (seen.has(v)) return null;
  seen.add(v);
  if (v instanceof SharedObject)
    return allowShared
      ? null
      : `a shared ${typeName(v).slice(15)} inside a value other than plain objects and arrays`;
  if (ArrayBuffer.isView(v)) return null;
  if (Array.isArray(v)) {
    for (const x of v) {
      const why = unclonable(x, allowShared, seen);
      if (why !== null) return why;
    }
    return null;
  }
  if (v instanceof Map) {
    for (const [k, x] of v) {
      const why = unclonable(k, allowShared, seen) ?? unclonable(x, allowShared, seen);
      if (why !== null) return why;
    }
    return null;
  }
  if (v instanceof Set) {
    for (const x of v) {
      const why = unclonable(x, allowShared, seen);
      if (why !== null) return why;
    }
    return null;
  }
  if (!isPlain(v)) {
    for (const C of CLONABLE) if (v instanceof C && Object.getPrototypeOf(v) === C.prototype) return null;
    if (v instanceof Error) return null;
    return typeName(v);
  }
  for (const k of Object.keys(v)) {
    const why = unclonable((v as Record<string, unknown>)[k], allowShared, seen);
    if (why !== null) return why;
  }
  return null;
}
