// A stand-in for a network listener: accept() resolves with the next connection, or throws when
// the socket fails.
export interface Conn {
  readonly id: number;
}

export class Listener {
  private next = 0;
  constructor(private readonly failAfter: number) {}

  async accept(): Promise<Conn> {
    await new Promise((r) => setTimeout(r, 1));
    if (this.next >= this.failAfter) throw new Error('accept: socket closed');
    return { id: this.next++ };
  }
}
