// How a channel value is stored in shared memory. Numbers, booleans, null and undefined fit in a
// slot (a tag and a float64); typed arrays and strings are copied as raw bytes into the channel's
// byte ring; plain data (objects and arrays of primitives, strings and plain data) is written in a
// compact format of its own, several times cheaper than v8.serialize for small messages; every other
// structured-clonable value goes through v8.serialize. Nothing is lost silently: a value structured
// clone would change (a function, a class instance) is refused.
import { serialize, deserialize } from 'node:v8';
import { SharedObject, announceShared, sharedById, unclonable } from './shared.js';
import { UnclonableError } from './errors.js';

export const T_NUM = 1;
export const T_UNDEF = 2;
export const T_NULL = 3;
export const T_TRUE = 4;
export const T_FALSE = 5;
export const T_STR = 6;
export const T_SER = 7;
/** A plain-data value (objects, arrays, strings, numbers…) in the compact format below. */
export const T_PLAIN = 8;
export const T_TYPED = 16;

const TYPED = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

/** An encoded value: a tag, the slot's number, and the bytes that go to the ring (if any). */
export interface Encoded {
  tag: number;
  num: number;
  bytes: Uint8Array | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encodes `v` into `out`. For a byte-backed tag, `num` is the byte count; with `scratch`, plain data's
 * bytes are the first `num` bytes of this thread's encode buffer (valid until the next encode) rather
 * than a view of exactly them, which saves an allocation per value.
 */
export function encode(v: unknown, out: Encoded, what: string, scratch = false): Encoded {
  out.bytes = null;
  out.num = 0;
  switch (typeof v) {
    case 'number':
      out.tag = T_NUM;
      out.num = v;
      return out;
    case 'boolean':
      out.tag = v ? T_TRUE : T_FALSE;
      return out;
    case 'undefined':
      out.tag = T_UNDEF;
      return out;
    case 'string':
      out.tag = T_STR;
      out.bytes = encoder.encode(v);
      out.num = out.bytes.length;
      return out;
  }
  if (v === null) {
    out.tag = T_NULL;
    return out;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const k = TYPED.indexOf(v.constructor as (typeof TYPED)[number]);
    if (k >= 0 && Object.getPrototypeOf(v) === TYPED[k].prototype) {
      out.tag = T_TYPED + k;
      out.bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      out.num = v.byteLength;
      return out;
    }
  }
  const n = plainEncode(v);
  if (n >= 0) {
    out.tag = T_PLAIN;
    out.bytes = scratch ? buf : buf.subarray(0, n);
    out.num = n;
    return out;
  }
  const why = unclonable(v, false);
  if (why !== null)
    throw new UnclonableError(
      `goroutines: cannot ${what} ${why} across threads: only structured-clonable values and shared objects made with shared.*`,
    );
  out.tag = T_SER;
  out.bytes = serialize(v);
  out.num = out.bytes.length;
  return out;
}

/** Rebuild a value from its tag, its slot number and (for byte-backed tags) a private copy of its bytes. */
export function decode(tag: number, num: number, bytes: Uint8Array | null): unknown {
  switch (tag) {
    case T_NUM:
      return num;
    case T_TRUE:
      return true;
    case T_FALSE:
      return false;
    case T_UNDEF:
      return undefined;
    case T_NULL:
      return null;
    case T_STR:
      return decoder.decode(bytes!);
    case T_SER:
      return deserialize(bytes!);
    case T_PLAIN:
      return plainDecode(bytes!);
  }
  const C = TYPED[tag - T_TYPED]!;
  return new C(bytes!.buffer as ArrayBuffer, bytes!.byteOffset, bytes!.byteLength / C.BYTES_PER_ELEMENT);
}

/**
 * Rebuild a byte-backed value from `len` bytes at `at` in shared memory (`u8` and `dv` view the same
 * buffer), without copying them first: the caller keeps them unchanged until this returns.
 */
export function decodeAt(tag: number, len: number, u8: Uint8Array, dv: DataView, at: number): unknown {
  switch (tag) {
    case T_PLAIN:
      rd = u8;
      rv = dv;
      pos = at;
      return get();
    case T_STR:
      return decoder.decode(u8.subarray(at, at + len));
    case T_SER:
      return deserialize(u8.subarray(at, at + len));
  }
  const C = TYPED[tag - T_TYPED]!;
  // A typed array received owns its bytes, in memory of its own.
  const copy = u8.slice(at, at + len);
  return new C(copy.buffer, 0, len / C.BYTES_PER_ELEMENT);
}

// The compact format: one byte of kind, then the payload. Numbers that are int32 take 4 bytes,
// others 8; strings and counts are a uint32 length first. Objects are own enumerable string keys in
// order, as structured clone copies them. A value the format does not cover (a Map, a Date, a
// cycle, deep nesting) makes the whole value fall back to v8.serialize.
const P_UNDEF = 0;
const P_NULL = 1;
const P_TRUE = 2;
const P_FALSE = 3;
const P_INT = 4;
const P_FLOAT = 5;
const P_STR = 6;
const P_ARRAY = 7;
const P_OBJECT = 8;
/** A shared object (shared.ts), by id. */
const P_SHARED = 9;
const MAX_DEPTH = 32;

let buf = new Uint8Array(4096);
let view = new DataView(buf.buffer);

function ensure(at: number, more: number): void {
  if (at + more <= buf.length) return;
  let size = buf.length * 2;
  while (size < at + more) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf);
  buf = next;
  view = new DataView(buf.buffer);
}

/** Writes `v` at the start of the scratch buffer; returns its length, or -1 if the format cannot hold it. */
function plainEncode(v: unknown): number {
  const p = Object.getPrototypeOf(v);
  if (p !== Object.prototype && p !== Array.prototype && !(v instanceof SharedObject)) return -1;
  return put(v, 0, 0);
}

function putString(s: string, at: number): number {
  // At most 3 bytes per UTF-16 unit.
  ensure(at, 5 + s.length * 3);
  const n = s.length;
  if (n < 48) {
    // Short ASCII strings (keys, names) are copied directly: encodeInto's call costs more.
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at + 4 + i] = c;
    }
    if (i === n) {
      view.setUint32(at, n, true);
      return at + 4 + n;
    }
  }
  const { written } = encoder.encodeInto(s, buf.subarray(at + 4));
  view.setUint32(at, written, true);
  return at + 4 + written;
}

function put(v: unknown, at: number, depth: number): number {
  switch (typeof v) {
    case 'number':
      ensure(at, 9);
      if ((v | 0) === v && !Object.is(v, -0)) {
        buf[at] = P_INT;
        view.setInt32(at + 1, v, true);
        return at + 5;
      }
      buf[at] = P_FLOAT;
      view.setFloat64(at + 1, v, true);
      return at + 9;
    case 'string':
      ensure(at, 1);
      buf[at] = P_STR;
      return putString(v, at + 1);
    case 'boolean':
      ensure(at, 1);
      buf[at] = v ? P_TRUE : P_FALSE;
      return at + 1;
    case 'undefined':
      ensure(at, 1);
      buf[at] = P_UNDEF;
      return at + 1;
    case 'object':
      break;
    default:
      return -1;
  }
  ensure(at, 5);
  if (v === null) {
    buf[at] = P_NULL;
    return at + 1;
  }
  if (depth >= MAX_DEPTH) return -1;
  if (v instanceof SharedObject) {
    buf[at] = P_SHARED;
    view.setUint32(at + 1, announceShared(v), true);
    return at + 5;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Array.prototype) {
    const a = v as unknown[];
    // Holes and extra properties are structured clone's business.
    if (Object.keys(a).length !== a.length) return -1;
    buf[at] = P_ARRAY;
    view.setUint32(at + 1, a.length, true);
    let q = at + 5;
    for (let i = 0; i < a.length; i++) {
      q = put(a[i], q, depth + 1);
      if (q < 0) return -1;
    }
    return q;
  }
  if (proto !== Object.prototype && proto !== null) return -1;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  buf[at] = proto === null ? P_OBJECT | 0x80 : P_OBJECT;
  view.setUint32(at + 1, keys.length, true);
  let q = at + 5;
  for (const k of keys) {
    q = putString(k, q);
    q = put(o[k], q, depth + 1);
    if (q < 0) return -1;
  }
  return q;
}

let rbuf = new Uint8Array(4096);
let rview = new DataView(rbuf.buffer);

/** A view of `len` bytes of this thread's read scratch (valid until the next read). */
export function readScratch(len: number): Uint8Array {
  if (len > rbuf.length) {
    let size = rbuf.length * 2;
    while (size < len) size *= 2;
    rbuf = new Uint8Array(size);
    rview = new DataView(rbuf.buffer);
  }
  return rbuf.subarray(0, len);
}

let rd: Uint8Array = rbuf;
let rv: DataView = rview;
let pos = 0;

function plainDecode(bytes: Uint8Array): unknown {
  rd = bytes;
  rv =
    bytes.buffer === rbuf.buffer && bytes.byteOffset === 0
      ? rview
      : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  pos = 0;
  return get();
}

function getString(): string {
  const n = rv.getUint32(pos, true);
  pos += 4;
  const start = pos;
  pos += n;
  if (n < 48) {
    // Short ASCII strings (keys, names) are built directly: TextDecoder's call costs more. They
    // repeat from value to value (an object's keys), so one seen before is reused: comparing its
    // bytes costs less than building a new string and interning it as a property key.
    let hash = n;
    for (let i = start; i < pos; i++) {
      const c = rd[i]!;
      if (c >= 0x80) return decoder.decode(rd.subarray(start, pos));
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const at = (hash ^ (hash >>> 8)) & (STRINGS - 1);
    const known = strings[at];
    if (known !== undefined && known.length === n) {
      let i = 0;
      while (i < n && known.charCodeAt(i) === rd[start + i]) i++;
      if (i === n) return known;
    }
    let s = '';
    for (let i = start; i < pos; i++) s += String.fromCharCode(rd[i]!);
    strings[at] = s;
    return s;
  }
  return decoder.decode(rd.subarray(start, pos));
}

/** Short ASCII strings decoded on this thread, by a hash of their bytes (see getString). */
const STRINGS = 512;
const strings = new Array<string | undefined>(STRINGS).fill(undefined);

function get(): unknown {
  const kind = rd[pos++]!;
  switch (kind & 0x7f) {
    case P_UNDEF:
      return undefined;
    case P_NULL:
      return null;
    case P_TRUE:
      return true;
    case P_FALSE:
      return false;
    case P_INT: {
      const x = rv.getInt32(pos, true);
      pos += 4;
      return x;
    }
    case P_FLOAT: {
      const x = rv.getFloat64(pos, true);
      pos += 8;
      return x;
    }
    case P_STR:
      return getString();
    case P_ARRAY: {
      const n = rv.getUint32(pos, true);
      pos += 4;
      const a = new Array<unknown>(n);
      for (let i = 0; i < n; i++) a[i] = get();
      return a;
    }
    case P_SHARED: {
      const id = rv.getUint32(pos, true);
      pos += 4;
      return sharedById(id);
    }
    case P_OBJECT: {
      const n = rv.getUint32(pos, true);
      pos += 4;
      const o: Record<string, unknown> = kind & 0x80 ? Object.create(null) : {};
      for (let i = 0; i < n; i++) {
        const k = getString();
        o[k] = get();
      }
      return o;
    }
  }
  throw new Error(`goroutines: corrupt value in a shared channel (kind ${kind})`);
}
