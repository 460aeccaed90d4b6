// Fetches every URL concurrently and fails fast on the first error (the hand-rolled errgroup that
// returns while the other fetchers are still trying to deliver: Kubernetes and Docker had this bug).
import { go, chan } from 'goroutines';
import { fetchPage, type Page } from '../shared/http.js';

type Outcome = { page: Page } | { error: Error };

export async function fetchAll(urls: string[]): Promise<Page[]> {
  const outcomes = chan<Outcome>();
  for (const url of urls) {
    go(async () => {
      try {
        await outcomes.send({ page: await fetchPage(url) }); // want "send on outcomes blocks forever once fetchAll\(\) throws at line 23"
      } catch (e) {
        await outcomes.send({ error: e as Error }); // want "send on outcomes blocks forever once fetchAll\(\) throws at line 23"
      }
    });
  }
  const pages: Page[] = [];
  for (let i = 0; i < urls.length; i++) {
    const o = await outcomes.recv();
    if (!o) break;
    if ('error' in o) throw o.error;
    pages.push(o.page);
  }
  return pages;
}
