// Resizes images with a pool of workers and collects the results; a closer goroutine closes the
// results channel once every worker is done.
import { go, chan, WaitGroup } from 'goroutines';
import { resize, type Image } from '../shared/image.js';

export async function resizeAll(images: Image[], width: number): Promise<Image[]> {
  const results = chan<Image>();
  const wg = new WaitGroup();
  for (const img of images) {
    wg.go(async () => {
      await results.send(await resize(img, width));
    });
  }
  go(async () => {
    await wg.wait();
    results.close();
  });
  const out: Image[] = [];
  for await (const r of results) out.push(r);
  return out;
}
