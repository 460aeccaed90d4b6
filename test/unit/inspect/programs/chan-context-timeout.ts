// Blocking bug, channel + context (Tu et al. Figure 1, Kubernetes finishRequest): the caller gives up
// when its context times out, and the worker's send on the unbuffered result channel blocks forever.
// Fix: make the channel buffered (chan(1)) or select on ctx.done() in the worker.
import { chan, context, go, recv, select, sleep } from 'goroutines';
import { collect } from './gc.js';

async function finishRequest(timeoutMs: number): Promise<string> {
  const [ctx, cancel] = context.withTimeout(context.background(), timeoutMs);
  try {
    const result = chan<string>();
    go.named('handler', async () => {
      await sleep(100);
      await result.send('response');
    });
    return await select(
      recv(result, (...[v]) => v ?? ''),
      recv(ctx.done(), (): string => 'timeout'),
    );
  } finally {
    cancel();
  }
}

console.log(await finishRequest(5));
await sleep(150); // the handler is now blocked on its send
await collect();
console.log('main done');
