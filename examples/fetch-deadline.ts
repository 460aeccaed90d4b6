// Concurrent fetches under one deadline: each request runs in its own goroutine of an errgroup and
// passes the context's AbortSignal to fetch, so when the deadline passes the slow request is
// aborted instead of left running. The server is local, in this process, and closed at the end.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errgroup, context } from 'goroutines';

const latencyMs: Record<string, number> = { '/alpha': 5, '/beta': 15, '/slow': 10_000 };

function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const timer = setTimeout(() => res.end(`${path.slice(1)} ok`), latencyMs[path] ?? 0);
    // A client that gives up must not leave the server's timer behind.
    res.on('close', () => clearTimeout(timer));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const server = await startServer();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [ctx, cancel] = context.withTimeout(context.background(), 600);
  try {
    // A plain Group: one failed request does not cancel the others; the deadline bounds them all.
    const g = new errgroup.Group();
    const results = new Map<string, string>();
    for (const path of Object.keys(latencyMs)) {
      g.go(async () => {
        try {
          const res = await fetch(base + path, { signal: ctx.signal });
          results.set(path, `${res.status} ${await res.text()}`);
        } catch (err) {
          results.set(path, ctx.err()?.message ?? (err as Error).message);
        }
      });
    }
    await g.wait();
    for (const path of [...results.keys()].sort()) console.log(`GET ${path}: ${results.get(path)}`);
  } finally {
    cancel();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

await main();
