// A stand-in for a DNS resolver: answers after a network round trip.
export async function resolveHost(host: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 5));
  return `10.0.0.${host.length % 255}`;
}
