// PanicError: what the runtime throws where Go would panic on misuse, with Go's own message text so a
// Go programmer can search it ("send on closed channel", "sync: negative WaitGroup counter", …).

export class PanicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PanicError';
  }
}
