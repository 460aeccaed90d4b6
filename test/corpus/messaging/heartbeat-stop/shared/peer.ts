export interface Peer {
  ping(): Promise<void>;
}

export class LoggingPeer implements Peer {
  pings = 0;
  async ping(): Promise<void> {
    this.pings++;
  }
}
