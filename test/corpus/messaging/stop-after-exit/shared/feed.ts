// A stand-in for a remote feed: poll() returns the next batch of events, or throws when the
// connection drops.
export interface Feed {
  poll(): Promise<string[]>;
}

export class FlakyFeed implements Feed {
  private calls = 0;
  async poll(): Promise<string[]> {
    if (++this.calls > 3) throw new Error('connection reset');
    return [`event ${this.calls}`];
  }
}
