// A two-party handshake: the client waits for the server's hello before sending its own, and the
// server waits for the client's hello before answering. Neither speaks first.
import { chan, WaitGroup } from 'goroutines';
import { hello, type Hello } from '../shared/protocol.js';

export async function handshake(clientName: string, serverName: string): Promise<[Hello, Hello]> {
  const toServer = chan<Hello>();
  const toClient = chan<Hello>();
  let serverSaw: Hello | undefined;
  let clientSaw: Hello | undefined;
  const wg = new WaitGroup();
  wg.go(async () => {
    clientSaw = await toClient.recv(); // want "receive from toClient waits forever: the goroutine started at line 16 is the only sender on toClient, and it first waits to receive from toServer"
    await toServer.send(hello(clientName));
  });
  wg.go(async () => {
    serverSaw = await toServer.recv(); // want "receive from toServer waits forever: the goroutine started at line 12 is the only sender on toServer"
    await toClient.send(hello(serverName));
  });
  await wg.wait();
  return [clientSaw!, serverSaw!];
}
