// Resizes images with a pool of workers and collects the results; nobody closes the results
// channel once the workers are done, so the collecting range never ends.
import { chan, WaitGroup } from 'goroutines';
import { resize, type Image } from '../shared/image.js';

export async function resizeAll(images: Image[], width: number): Promise<Image[]> {
  const results = chan<Image>();
  const wg = new WaitGroup();
  for (const img of images) {
    wg.go(async () => {
      await results.send(await resize(img, width));
    });
  }
  const out: Image[] = [];
  for await (const r of results) out.push(r); // want "range over results never ends: results is sent on but never closed"
  await wg.wait();
  return out;
}
