export interface Page {
  url: string;
  status: number;
  body: string;
}

export async function fetchPage(url: string): Promise<Page> {
  if (!/^https?:\/\//.test(url)) throw new Error(`unsupported url: ${url}`);
  return { url, status: 200, body: `<html>${url}</html>` };
}
