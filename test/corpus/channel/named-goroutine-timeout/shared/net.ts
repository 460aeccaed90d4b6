export async function lookupHost(host: string): Promise<string[]> {
  return host === 'localhost' ? ['127.0.0.1', '::1'] : [`10.0.0.${host.length}`];
}
