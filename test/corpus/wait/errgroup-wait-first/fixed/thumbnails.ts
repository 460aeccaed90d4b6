// Renders thumbnails in an errgroup and streams them to the caller; a separate goroutine waits for
// the group and closes the stream, so the caller reads while the renders send.
import { chan, errgroup, go } from 'goroutines';
import { render, type Thumb } from '../shared/render.js';

export class ThumbnailService {
  constructor(private readonly size: number) {}

  async renderAll(paths: string[]): Promise<Thumb[]> {
    const thumbs = chan<Thumb>();
    const g = new errgroup.Group();
    g.setLimit(4);
    for (const p of paths) {
      g.go(async () => {
        await thumbs.send(await render(p, this.size));
      });
    }
    let failure: unknown;
    go(async () => {
      try {
        await g.wait();
      } catch (e) {
        failure = e;
      } finally {
        thumbs.close();
      }
    });
    const out: Thumb[] = [];
    for await (const t of thumbs) out.push(t);
    if (failure) throw failure;
    return out;
  }
}
