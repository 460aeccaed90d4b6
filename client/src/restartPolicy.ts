// When a crashed language server is restarted, and when the user is told: a restart after every
// crash unless more than `maxCrashes` happened within `windowMs` (then it stays stopped), and a
// notice at most once per `noticeIntervalMs`. No VS Code here, so it is unit-tested directly.

export interface RestartDecision {
  readonly restart: boolean;
  /** Whether to show the "restarted" notice now (always true when giving up). */
  readonly notify: boolean;
  /** Crashes counted within the window, this one included. */
  readonly crashes: number;
}

export class RestartPolicy {
  private crashes: number[] = [];
  private lastNotice = -Infinity;

  constructor(
    readonly maxCrashes = 5,
    readonly windowMs = 3 * 60_000,
    readonly noticeIntervalMs = 60_000,
  ) {}

  crashed(now: number): RestartDecision {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    if (this.crashes.length > this.maxCrashes) {
      return { restart: false, notify: true, crashes: this.crashes.length };
    }
    const notify = now - this.lastNotice >= this.noticeIntervalMs;
    if (notify) this.lastNotice = now;
    return { restart: true, notify, crashes: this.crashes.length };
  }

  /** A manual restart starts the count afresh. */
  reset(): void {
    this.crashes = [];
  }
}
