// The documentation of GR2001, shown on hover and generated into docs/checks/.
export const doc = `A goroutine sends on an unbuffered channel that its parent made, and on some path the parent
never receives that value: it returns early, its \`select\` takes the timeout or cancellation case,
it receives once while several goroutines send, or it breaks out of its receive loop. The send
blocks forever and the goroutine (with everything it references) leaks. Also reported: a second
send after an error send, when the \`return\` after the first one is missing.

WRONG:

\`\`\`ts
async function fetchWithTimeout(url: string): Promise<string | undefined> {
  const ch = chan<string>();
  go(async () => {
    await ch.send(await fetchText(url)); // blocks forever once the timeout has won
  });
  return select(
    recv(ch, (body) => body),
    recv(after(1000), () => undefined),
  );
}
\`\`\`

RIGHT:

\`\`\`ts
async function fetchWithTimeout(url: string): Promise<string | undefined> {
  const ch = chan<string>(1); // the send completes even when no one receives
  go(async () => {
    await ch.send(await fetchText(url));
  });
  return select(
    recv(ch, (body) => body),
    recv(after(1000), () => undefined),
  );
}
\`\`\`

The quick fix gives the channel the buffer that lets every send complete (\`chan<T>(1)\`, or the
number of goroutines started in a counted loop), or adds the missing \`return\` after an error send.
Where the goroutine sends an unbounded number of values, select on a stop channel the parent closes
in \`finally\` instead.

When not to use it: when another part of the program you do not check (a callback registered
elsewhere, code loaded at run time) receives from the channel.
`;
