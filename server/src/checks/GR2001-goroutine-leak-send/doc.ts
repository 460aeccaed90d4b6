// The documentation of GR2001, shown on hover and generated into docs/checks/.
import type { CheckDoc } from '../../analysis/program.js';

export const doc: CheckDoc = {
  why: `A goroutine sends on an unbuffered channel its parent made, and on some path the parent never receives that value: it returns early, its select (or that of a helper it passes the channel to) takes the timeout or cancellation case — once, or in a loop it then returns from —, it receives once while several goroutines send, or it leaves its receive loop early. The send blocks forever and the goroutine, with everything it references, leaks. Also reported: a send nothing receives from at all; a send on a class field's unbuffered channel (a stop() handing a quit message) whose only receiver is a goroutine's loop that can also return or break out on a path that does not follow from that receive (it gave up on an error), so it may be gone; a send on a class field's unbuffered channel whose every receive in the program is a one-time select that can take a deadline, cancellation or otherwise case instead; a send (on a local channel, or on a field's channel only the parent receives from) whose goroutine the parent waits for (wg.wait(), an errgroup's wait()) before it receives; a goroutine's send whose only receive comes later in that same goroutine; leaving a range over a generator function's channel early; and a second send after an error send whose return is missing. The quick fix gives the channel the buffer that lets every send complete (1, or the number of goroutines a counted loop starts), adds the missing return, or, for a goroutine that sends without bound, adds a stop channel the parent closes in finally and selects on it beside the send.`,
  wrong: `async function fetchWithTimeout(url: string): Promise<string | undefined> {
  const ch = chan<string>();
  go(async () => {
    await ch.send(await fetchText(url)); // blocks forever once the timeout has won
  });
  return select(
    recv(ch, (body) => body),
    recv(after(1000), () => undefined),
  );
}`,
  right: `async function fetchWithTimeout(url: string): Promise<string | undefined> {
  const ch = chan<string>(1); // the send completes even when no one receives
  go(async () => {
    await ch.send(await fetchText(url));
  });
  return select(
    recv(ch, (body) => body),
    recv(after(1000), () => undefined),
  );
}`,
  whenNotToUse: `When code the checker does not see (a callback registered elsewhere, a module loaded at run time) receives from the channel. A goroutine that sends an unbounded number of values needs a stop channel the parent closes in finally, selected on beside the send, rather than a buffer.`,
};
