// The base of the shared sync primitives: a header of int32 words in a SharedArrayBuffer, a spin
// lock over it, and a wake word that parked goroutines (on any thread) wait on. Every state change
// happens under the lock; a goroutine parks only after reading the wake word under the lock, and
// whoever makes progress possible bumps it under the lock, so no wake-up is lost.
import type { WaitReason } from '../sched/record.js';
import { parkUntilChanged, spinLock, spinUnlock, wakeAll } from './wait.js';
import { DESCRIPTOR, SharedObject, nextObjectId, type Descriptor } from './shared.js';
import { parked, readied } from './records.js';

export const LOCK = 0;
export const WAKE = 1;
export const PARKED = 2;
export const ID = 3;
/** The first word a primitive may use for its own state. */
export const STATE = 4;

export const NOT_YET = 0;
export const DONE = 1;
export const DONE_WAKE = 2;

export abstract class Monitor extends SharedObject {
  protected readonly sab: SharedArrayBuffer;
  protected readonly h: Int32Array;

  protected constructor(words: number | SharedArrayBuffer) {
    const sab = typeof words === 'number' ? new SharedArrayBuffer((STATE + words) * 4) : words;
    const h = new Int32Array(sab);
    if (typeof words === 'number') h[ID] = nextObjectId();
    super(h[ID]!);
    this.sab = sab;
    this.h = h;
  }

  protected abstract get kind(): string;

  descriptor(): Descriptor {
    return { [DESCRIPTOR]: this.kind, id: this.sharedId, buffers: [this.sab] };
  }

  describe(): string {
    return `shared ${this.kind} #${this.sharedId}`;
  }

  protected enter(): void {
    spinLock(this.h, LOCK);
  }

  /** Leave the lock; with `wakeOthers`, wake every goroutine parked on this object. */
  protected leave(wakeOthers = false): void {
    const h = this.h;
    const wake = wakeOthers && h[PARKED]! > 0;
    if (wake) h[WAKE] = (h[WAKE]! + 1) | 0;
    spinUnlock(h, LOCK);
    if (wake) wakeAll(h, WAKE);
  }

  /**
   * Park until `ready()` (called under the lock, where it also takes what it waited for) is
   * `DONE`, or `DONE_WAKE` when its change lets other waiters go too. The lock is never held
   * across an await.
   */
  protected async until(ready: () => number, reason: WaitReason, signal?: AbortSignal): Promise<void> {
    const h = this.h;
    const g = parked(reason, this);
    try {
      for (;;) {
        spinLock(h, LOCK);
        const r = ready();
        if (r !== NOT_YET) {
          this.leave(r === DONE_WAKE);
          return;
        }
        if (signal?.aborted) {
          spinUnlock(h, LOCK);
          throw signal.reason;
        }
        h[PARKED] = h[PARKED]! + 1;
        const seen = h[WAKE]!;
        spinUnlock(h, LOCK);
        await (signal === undefined
          ? parkUntilChanged(h, WAKE, seen)
          : abortable(parkUntilChanged(h, WAKE, seen, false), signal));
        spinLock(h, LOCK);
        h[PARKED] = h[PARKED]! - 1;
        spinUnlock(h, LOCK);
      }
    } finally {
      readied(g);
    }
  }
}

function abortable(p: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(undefined);
    });
  });
}
