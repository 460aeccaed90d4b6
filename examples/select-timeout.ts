// select with a timeout: a Timer in the select bounds the wait, and is stopped as soon as the
// select is over, so no timer outlives the operation. Replies go on a channel with room for one
// value, so a late replier never blocks forever once nobody is listening. Last, a select with
// `otherwise` polls without blocking.
import { go, chan, select, recv, otherwise, sleep, Timer, type RecvChan } from 'goroutines';

function query(name: string, latencyMs: number): RecvChan<string> {
  const reply = chan<string>(1);
  go(async () => {
    await sleep(latencyMs);
    await reply.send(`${name} answered`);
  });
  return reply;
}

async function withTimeout(reply: RecvChan<string>, ms: number): Promise<string> {
  const timer = new Timer(ms);
  try {
    return await select(
      recv(reply, (answer) => answer ?? 'no answer'),
      recv(timer.c, () => `timed out after ${ms} ms`),
    );
  } finally {
    timer.stop();
  }
}

async function main(): Promise<void> {
  console.log(`fast query: ${await withTimeout(query('fast', 5), 500)}`);
  console.log(`slow query: ${await withTimeout(query('slow', 300), 20)}`);

  const mailbox = chan<string>(1);
  const poll = (): Promise<string> =>
    select(
      recv(mailbox, (m) => `got ${m}`),
      otherwise(() => 'nothing ready'),
    );
  console.log(`poll empty mailbox: ${await poll()}`);
  await mailbox.send('hello');
  console.log(`poll full mailbox: ${await poll()}`);
}

await main();
