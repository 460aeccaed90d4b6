// Renders thumbnails in an errgroup and streams them to the caller; the group is waited for before
// anyone reads the stream, so the first render blocks on its send and wait() never returns.
import { chan, errgroup } from 'goroutines';
import { render, type Thumb } from '../shared/render.js';

export class ThumbnailService {
  constructor(private readonly size: number) {}

  async renderAll(paths: string[]): Promise<Thumb[]> {
    const thumbs = chan<Thumb>();
    const g = new errgroup.Group();
    g.setLimit(4);
    for (const p of paths) {
      g.go(async () => {
        await thumbs.send(await render(p, this.size)); // want "send on thumbs blocks forever: ThumbnailService.renderAll\(\) waits for this goroutine \(g.wait\(\) at line 18\)"
      });
    }
    await g.wait();
    thumbs.close();
    const out: Thumb[] = [];
    for await (const t of thumbs) out.push(t);
    return out;
  }
}
