// Go's sync/atomic integer types in shared memory: atomic.Int32 and atomic.Int64, usable from every
// thread. Int64 works in bigint, as JavaScript numbers cannot hold every int64.
import { DESCRIPTOR, SharedObject, nextObjectId, registerKind, remember, type Descriptor } from './shared.js';

/** `atomic.Int32`. Arithmetic wraps at 32 bits, as in Go. */
export class AtomicInt32 extends SharedObject {
  private readonly a: Int32Array;

  constructor(initial: number | SharedArrayBuffer = 0) {
    const fresh = typeof initial === 'number';
    const a = new Int32Array(fresh ? new SharedArrayBuffer(8) : initial);
    if (fresh) {
      a[0] = initial;
      a[1] = nextObjectId();
    }
    super(a[1]!);
    this.a = a;
    if (fresh) remember(this);
  }

  descriptor(): Descriptor {
    return { [DESCRIPTOR]: 'Int32', id: this.sharedId, buffers: [this.a.buffer as SharedArrayBuffer] };
  }

  load(): number {
    return Atomics.load(this.a, 0);
  }
  store(v: number): void {
    Atomics.store(this.a, 0, v);
  }
  /** Adds and returns the new value (Go's Add). */
  add(delta: number): number {
    return (Atomics.add(this.a, 0, delta) + delta) | 0;
  }
  /** Stores and returns the old value. */
  swap(v: number): number {
    return Atomics.exchange(this.a, 0, v);
  }
  compareAndSwap(old: number, v: number): boolean {
    return Atomics.compareExchange(this.a, 0, old, v) === (old | 0);
  }
}

/** `atomic.Int64`, in bigint. */
export class AtomicInt64 extends SharedObject {
  private readonly a: BigInt64Array;

  constructor(initial: bigint | SharedArrayBuffer = 0n) {
    const fresh = typeof initial === 'bigint';
    const a = new BigInt64Array(fresh ? new SharedArrayBuffer(16) : initial);
    if (fresh) {
      a[0] = initial;
      a[1] = BigInt(nextObjectId());
    }
    super(Number(a[1]!));
    this.a = a;
    if (fresh) remember(this);
  }

  descriptor(): Descriptor {
    return { [DESCRIPTOR]: 'Int64', id: this.sharedId, buffers: [this.a.buffer as SharedArrayBuffer] };
  }

  load(): bigint {
    return Atomics.load(this.a, 0);
  }
  store(v: bigint): void {
    Atomics.store(this.a, 0, v);
  }
  add(delta: bigint): bigint {
    return BigInt.asIntN(64, Atomics.add(this.a, 0, delta) + delta);
  }
  swap(v: bigint): bigint {
    return Atomics.exchange(this.a, 0, v);
  }
  compareAndSwap(old: bigint, v: bigint): boolean {
    return Atomics.compareExchange(this.a, 0, old, v) === BigInt.asIntN(64, old);
  }
}

registerKind('Int32', (d) => new AtomicInt32(d.buffers[0]!));
registerKind('Int64', (d) => new AtomicInt64(d.buffers[0]!));
