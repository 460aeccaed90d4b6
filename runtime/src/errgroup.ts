// errgroup (golang.org/x/sync/errgroup): goroutines working on subtasks of one task. The first error
// (a throw from a goroutine's function) is what `wait()` rejects with, and cancels the group's context
// when it has one; errors never crash the program.
import { withCancel, type CancelFunc, type Context } from './context.js';
import { PanicError } from './panic.js';
import { spawn } from './sched/sched.js';
import { WaitGroup } from './sync/waitgroup.js';

type Task = () => unknown;

export class Group {
  private readonly wg = new WaitGroup();
  private failed = false;
  private error: unknown = undefined;
  private limit = -1;
  private active = 0;
  /** Functions handed to go() while the limit was reached, started in order as slots free up. */
  private readonly pending: { f: Task; started: () => void }[] = [];

  /** @internal set by withContext */
  cancel: CancelFunc | null = null;

  /**
   * `g.Go(f)`: runs `f` in a new goroutine. With a limit reached, `f` starts when a slot frees up;
   * the returned promise resolves once it has started (where Go's `Go` would return).
   */
  go(f: Task): Promise<void> {
    this.wg.add(1);
    if (this.limit < 0 || this.active < this.limit) {
      this.start(f);
      return Promise.resolve();
    }
    return new Promise<void>((started) => this.pending.push({ f, started }));
  }

  /** `g.TryGo(f)`: starts `f` only if the limit allows it now. */
  tryGo(f: Task): boolean {
    if (this.limit >= 0 && this.active >= this.limit) return false;
    this.wg.add(1);
    this.start(f);
    return true;
  }

  /** `g.SetLimit(n)`: at most n active goroutines; a negative n means no limit. */
  setLimit(n: number): void {
    if (this.active !== 0) {
      throw new PanicError(
        `errgroup: modify limit while ${this.active} goroutines in the group are still active`,
      );
    }
    this.limit = n < 0 ? -1 : n;
  }

  /** `g.Wait()`: resolves when every goroutine returned; rejects with the first error. */
  async wait(): Promise<void> {
    await this.wg.wait();
    this.cancel?.();
    if (this.failed) throw this.error;
  }

  private start(f: Task): void {
    this.active++;
    spawn(f.name, runTask, [this, f], this.go);
  }

  /** @internal */
  finished(err: unknown, failed: boolean): void {
    if (failed && !this.failed) {
      this.failed = true;
      this.error = err;
      this.cancel?.();
    }
    this.active--;
    const next = this.pending.shift();
    if (next !== undefined) {
      this.start(next.f);
      next.started();
    }
    this.wg.done();
  }
}

async function runTask(g: Group, f: Task): Promise<void> {
  try {
    await f();
  } catch (err) {
    g.finished(err, true);
    return;
  }
  g.finished(undefined, false);
}

/** `g, ctx := errgroup.WithContext(parent)`: ctx is cancelled by the first error or when wait() returns. */
export function withContext(parent: Context): [Group, Context] {
  const [ctx, cancel] = withCancel(parent);
  const g = new Group();
  g.cancel = cancel;
  return [g, ctx];
}
