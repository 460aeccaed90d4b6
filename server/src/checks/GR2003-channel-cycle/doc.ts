// The documentation of GR2003, shown on hover and generated into docs/checks/.
import type { CheckDoc } from '../../analysis/program.js';

export const doc: CheckDoc = {
  why: `Two (or more) goroutines wait on each other through channels: each one's first channel operation receives from a channel that only the other sends on, and the other also receives before it sends. No one ever sends, so every goroutine in the cycle blocks forever; a buffer does not help. One of them must send first.`,
  wrong: `const ping = chan<number>();
const pong = chan<number>();
go(async () => {
  const n = await ping.recv(); // waits for the other goroutine…
  await pong.send((n ?? 0) + 1);
});
go(async () => {
  const n = await pong.recv(); // …which waits for this one
  await ping.send((n ?? 0) + 1);
});`,
  right: `const ping = chan<number>();
const pong = chan<number>();
go(async () => {
  const n = await ping.recv();
  await pong.send((n ?? 0) + 1);
});
go(async () => {
  await ping.send(0); // one side starts the exchange
  const n = await pong.recv();
});`,
  whenNotToUse: `When a goroutine the checker does not see (code loaded at run time) sends first.`,
};
