// The documentation of GR2002, shown on hover and generated into docs/checks/.
import type { CheckDoc } from '../../analysis/program.js';

export const doc: CheckDoc = {
  why: `A goroutine waits on a channel that nothing will ever close or send on, so it never wakes: a for-await range over a channel whose senders finish without close() (at all, or on some path, such as when a call throws or a return skips it), a range whose only close comes after it in the same goroutine (the close belongs in a goroutine that waits for the senders), a receive no one sends to, or a select case on a stop channel that nothing closes (a Start without a Stop). Only channels whose every use the checker sees are considered: a local channel that does not escape, or a private field. The quick fix moves the close (or adds it) into a finally block of the sending goroutine.`,
  wrong: `const lines = chan<string>();
go(async () => {
  for (const f of files) await lines.send(await read(f)); // read() may throw
  lines.close(); // skipped when it does
});
for await (const l of lines) print(l); // never ends`,
  right: `const lines = chan<string>();
go(async () => {
  try {
    for (const f of files) await lines.send(await read(f));
  } finally {
    lines.close(); // on every path
  }
});
for await (const l of lines) print(l);`,
  whenNotToUse: `When the waiting goroutine is meant to live as long as the process (a server's accept loop) and the leak is by design.`,
};
