export async function fetchLinks(url: string): Promise<string[]> {
  const host = new URL(url).host;
  return [`https://${host}/a`, `https://${host}/b`];
}
