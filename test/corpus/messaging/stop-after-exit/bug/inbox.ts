// Where the poller leaves what it fetched.
export class Inbox {
  readonly events: string[] = [];
  failures = 0;

  add(batch: readonly string[]): void {
    this.events.push(...batch);
  }

  failed(): void {
    this.failures++;
  }
}
