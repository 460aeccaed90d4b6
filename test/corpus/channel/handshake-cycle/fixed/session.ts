// A two-party handshake: the client speaks first, the server answers.
import { chan, WaitGroup } from 'goroutines';
import { hello, type Hello } from '../shared/protocol.js';

export async function handshake(clientName: string, serverName: string): Promise<[Hello, Hello]> {
  const toServer = chan<Hello>();
  const toClient = chan<Hello>();
  let serverSaw: Hello | undefined;
  let clientSaw: Hello | undefined;
  const wg = new WaitGroup();
  wg.go(async () => {
    await toServer.send(hello(clientName));
    clientSaw = await toClient.recv();
  });
  wg.go(async () => {
    serverSaw = await toServer.recv();
    await toClient.send(hello(serverName));
  });
  await wg.wait();
  return [clientSaw!, serverSaw!];
}
