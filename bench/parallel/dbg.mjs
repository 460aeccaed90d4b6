import { shared } from 'goroutines';
const ch = shared.chan(1024);
const N = 200_000;
let t0 = performance.now();
for (let i = 0; i < N / 1024; i++) {
  for (let j = 0; j < 1024; j++) await ch.send({ id: j, name: 'item', tags: ['a', 'b'], score: j * 0.5 });
  for (let j = 0; j < 1024; j++) await ch.recv();
}
let s = (performance.now() - t0) / 1000;
console.log('objects same-thread pairs/s', (N / s / 1e3).toFixed(1), 'k');
