// sync.Locker: what Cond waits with, implemented by Mutex, RWMutex and RWMutex.rlocker().

/** `sync.Locker`: `lock()` resolves to a guard whose disposal unlocks (`using _ = await mu.lock()`). */
export interface Locker {
  lock(): Promise<Disposable>;
  unlock(): void;
}
