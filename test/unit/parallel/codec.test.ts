// The channel value format: what goes into a shared channel comes out equal, including the short
// strings the decoder reuses from earlier values (object keys, names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, decode, type Encoded } from '../../../runtime/src/parallel/codec.js';

function roundTrip(v: unknown): unknown {
  const e: Encoded = encode(v, { tag: 0, num: 0, bytes: null }, 'send');
  return decode(e.tag, e.num, e.bytes === null ? null : e.bytes.slice());
}

test('plain objects with many distinct short keys decode to equal objects', () => {
  // More distinct keys than the decoder keeps, so that they share and replace its entries.
  const keys = Array.from({ length: 3000 }, (_, i) => `k${(i * 7919).toString(36)}`);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < keys.length; i += 3) {
      const o = { [keys[i]!]: i, [keys[i + 1]!]: `v${i}`, [keys[i + 2]!]: [keys[i]!, null, true] };
      assert.deepEqual(roundTrip(o), o);
    }
  }
});

test('strings of the same length and bytes hashing alike stay distinct', () => {
  const vals = ['ab', 'ba', 'a\u0000', '\u0000a', '', 'é', 'x'.repeat(47), 'x'.repeat(48), 'y'.repeat(47)];
  for (let round = 0; round < 3; round++)
    for (const s of vals) assert.equal((roundTrip({ s }) as { s: string }).s, s);
});

test('repeated objects keep their key order and values', () => {
  for (let i = 0; i < 1000; i++) {
    const o = { id: i, name: 'item', tags: ['a', 'b'], score: i * 0.5 };
    const back = roundTrip(o) as typeof o;
    assert.deepEqual(back, o);
    assert.deepEqual(Object.keys(back), ['id', 'name', 'tags', 'score']);
  }
});
