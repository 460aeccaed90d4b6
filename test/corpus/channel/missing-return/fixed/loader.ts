// Loads a configuration in the background; the error path sends its error but forgets to return,
// so the goroutine then tries to send the (empty) result too (Tu et al.: "missing return" after an
// error send, seen in Docker and etcd).
import { go, chan } from 'goroutines';
import { parseConfig, readFileText, type Config } from '../shared/parse.js';

export type Loaded = { config: Config } | { error: Error };

export class ConfigLoader {
  constructor(private readonly path: string) {}

  load(): Promise<Loaded | undefined> {
    const result = chan<Loaded>();
    go(async () => {
      let text: string;
      try {
        text = await readFileText(this.path);
      } catch (e) {
        await result.send({ error: e as Error });
        return;
      }
      await result.send({ config: parseConfig(text) });
    });
    return result.recv();
  }
}
