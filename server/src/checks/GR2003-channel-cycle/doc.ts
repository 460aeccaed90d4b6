// The documentation of GR2003, shown on hover and generated into docs/checks/.
import type { CheckDoc } from '../../analysis/program.js';

export const doc: CheckDoc = {
  why: `Two (or more) goroutines wait on each other through channels: each one's first channel operation waits on a channel whose only partner is the other — a receive from a channel only the other sends on, or a send on an unbuffered channel only the other receives from — and the other also waits before it does its part. No one moves, so every goroutine in the cycle blocks forever. When both receive first, one of them must send first: the quick fix moves a send before its receive when it is the next statement and its value cannot depend on what was received. When a goroutine sends first and its send is the channel's only one, the quick fix gives that channel a buffer of 1, so the send completes and the goroutine goes on to its receive.`,
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
