import { go, WaitGroup } from 'goroutines';

declare function fetchText(url: string): Promise<string>;

export async function crawl(urls: string[]): Promise<string[]> {
  const wg = new WaitGroup();
  const out: string[] = [];
  for (const url of urls) {
    wg.add(1);
    go(async () => {
      const text = await fetchText(url);
      out.push(text);
      wg.done();
    });
  }
  await wg.wait();
  return out;
}
