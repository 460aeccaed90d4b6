// How a channel value is stored in shared memory. Numbers, booleans, null and undefined fit in a
// slot (a tag and a float64); typed arrays and strings are copied as raw bytes into the channel's
// byte ring; every other structured-clonable value goes through v8.serialize. Nothing is lost
// silently: a value structured clone would change (a function, a class instance) is refused.
import { serialize, deserialize } from 'node:v8';
import { unclonable } from './shared.js';
import { UnclonableError } from './errors.js';

export const T_NUM = 1;
export const T_UNDEF = 2;
export const T_NULL = 3;
export const T_TRUE = 4;
export const T_FALSE = 5;
export const T_STR = 6;
export const T_SER = 7;
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

export function encode(v: unknown, out: Encoded, what: string): Encoded {
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
  }
  const C = TYPED[tag - T_TYPED]!;
  return new C(bytes!.buffer as ArrayBuffer, bytes!.byteOffset, bytes!.byteLength / C.BYTES_PER_ELEMENT);
}
