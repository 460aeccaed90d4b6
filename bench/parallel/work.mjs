// Worker-side functions of the parallel benchmarks (run on the pool as parallel goroutines).

export function noop() {
  return 0;
}

export async function produceInts(ch, n) {
  for (let i = 0; i < n; i++) await ch.send(i);
  ch.close();
}

export async function consumeInts(ch) {
  let sum = 0;
  for await (const v of ch) sum += v;
  return sum;
}

export function makeObject(i) {
  return { id: i, name: 'item', tags: ['a', 'b'], score: i * 0.5 };
}

export async function produceObjects(ch, n) {
  for (let i = 0; i < n; i++) await ch.send(makeObject(i));
  ch.close();
}

export async function consumeObjects(ch) {
  let sum = 0;
  for await (const v of ch) sum += v.id;
  return sum;
}

export function tiny(i) {
  return i + 1;
}

/** A CPU-bound loop whose cost is the same for every i, so halves of a range cost the same. */
export function cpu(from, to) {
  let s = 0;
  for (let i = from; i < to; i++) s += Math.sqrt(i) * Math.sin(i);
  return s;
}
