// Where snapshots come from: the Node debug sessions VS Code runs, asked through the debug adapter's
// `evaluate` request. Live updates run at a bounded rate while a view is visible and the program runs;
// every stop (breakpoint, step, pause) fetches once more. A stopped program answers `evaluate` too.
import * as vscode from 'vscode';
import {
  dumpExpression,
  findLeaksExpression,
  readLeakSearch,
  readSnapshotAnswer,
  type LeakSearchAnswer,
  snapshotExpression,
  unquote,
  ABSENT,
  absentMessage,
} from './protocol.js';
import { SnapshotIndex } from './model.js';

/** The debug types whose programs run on Node (js-debug's and the legacy names). */
export const NODE_DEBUG_TYPES = ['pwa-node', 'node', 'node-terminal'];

export type SourceState =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'snapshot';
      readonly index: SnapshotIndex;
      /** How long the last fetch took, evaluate and validation included (ms). */
      readonly fetchMs: number;
      /** The program has ended: this is the last snapshot it gave. */
      readonly ended: boolean;
    }
  | { readonly kind: 'error'; readonly message: string };

/** Live updates wait at least this long between fetches, and longer when fetches are slow. */
export const MIN_INTERVAL_MS = 1000;
const SLOW_FACTOR = 5;
export const DEFAULT_PAGE = 500;
const EVALUATE_TIMEOUT_MS = 10000;
/** How long a leak search may take in the program (its collections need the program to run). */
const LEAK_SEARCH_TIMEOUT_MS = 15000;

/** The outcome of `findLeaks`: what the program answered last, or why nothing could be asked. */
export type LeakSearchOutcome =
  | { readonly kind: 'done' | 'unfinished'; readonly answer: LeakSearchAnswer }
  | { readonly kind: 'unavailable'; readonly message: string };

function depth(s: vscode.DebugSession): number {
  let d = 0;
  for (let p = s.parentSession; p; p = p.parentSession) d++;
  return d;
}

export class SnapshotSource implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SourceState>();
  readonly onDidChange = this.changed.event;
  private readonly sessions = new Set<vscode.DebugSession>();
  private readonly stopped = new Set<string>();
  private preferred: vscode.DebugSession | undefined;
  private current: SourceState = { kind: 'idle' };
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private visibleViews = 0;
  private lastFetchMs = 0;
  private readonly disposables: vscode.Disposable[] = [];
  /** How many goroutines each snapshot lists in full; the views offer to raise it. */
  pageLimit = DEFAULT_PAGE;
  /** Live updates paused by the user. */
  paused = false;
  /** Snapshots fetched since the extension started. */
  fetches = 0;
  /** The last few fetch attempts, for the output channel and the tests' failure messages. */
  readonly trace: string[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.debug.onDidStartDebugSession((s) => this.sessionStarted(s)),
      vscode.debug.onDidTerminateDebugSession((s) => this.sessionEnded(s)),
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (s) => (NODE_DEBUG_TYPES.includes(s.type) ? this.tracker(s) : undefined),
      }),
    );
    const active = vscode.debug.activeDebugSession;
    if (active) this.sessionStarted(active);
  }

  get state(): SourceState {
    return this.current;
  }

  /** A debug session this inspector can ask, or undefined. */
  get hasSession(): boolean {
    return this.sessions.size > 0;
  }

  /** Views report whether they are visible; live updates run only while one is. */
  setVisible(visible: boolean): void {
    this.note(`view ${visible ? 'shown' : 'hidden'}`);
    this.visibleViews = Math.max(0, this.visibleViews + (visible ? 1 : -1));
    if (visible) this.kick();
    else if (this.visibleViews === 0) this.stopTimer();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    void vscode.commands.executeCommand('setContext', 'goroutines.inspector.paused', paused);
    if (paused) this.stopTimer();
    else this.kick();
  }

  /** Fetches now (coalescing with a fetch already under way) and reschedules live updates. */
  async refresh(): Promise<SourceState> {
    if (!this.inFlight) {
      this.inFlight = this.fetch().finally(() => {
        this.inFlight = undefined;
        this.schedule();
      });
    }
    await this.inFlight;
    return this.current;
  }

  /** The program's own Go-format dump, or the last snapshot formatted when the program cannot be asked. */
  async dumpText(): Promise<string | undefined> {
    for (const s of this.candidates()) {
      try {
        const text = unquote(await this.evaluate(s, dumpExpression()));
        if (text !== ABSENT) return text;
      } catch (err) {
        this.log.debug(`inspector: dump from ${s.name} failed: ${String(err)}`);
      }
    }
    return undefined;
  }

  /**
   * Asks the program to search for leaked goroutines (full garbage collections, then the leak
   * detector's reports), waits for the search to finish, and fetches a snapshot with its problems.
   */
  async findLeaks(): Promise<LeakSearchOutcome> {
    let failure = absentMessage;
    for (const s of this.candidates()) {
      let answer: LeakSearchAnswer | undefined;
      try {
        answer = readLeakSearch(await this.evaluate(s, findLeaksExpression()));
      } catch (err) {
        failure = err instanceof Error ? err.message : String(err);
        this.note(`leak search in "${s.name}": ${failure}`);
        continue;
      }
      if (!answer) continue;
      this.note(`leak search ${answer.round} started in "${s.name}"`);
      const end = Date.now() + LEAK_SEARCH_TIMEOUT_MS;
      while (!answer.done && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
        try {
          answer = readLeakSearch(await this.evaluate(s, findLeaksExpression(answer.round))) ?? answer;
        } catch (err) {
          // The program ended (or stopped answering) during the search: report what it said last.
          this.note(`leak search ${answer.round}: ${String(err)}`);
          break;
        }
      }
      this.note(
        `leak search ${answer.round}: ${answer.done ? 'done' : 'unfinished'}, ${answer.leaked.length} leaked`,
      );
      await this.refresh();
      return { kind: answer.done ? 'done' : 'unfinished', answer };
    }
    return { kind: 'unavailable', message: failure };
  }

  private sessionStarted(s: vscode.DebugSession): void {
    if (!NODE_DEBUG_TYPES.includes(s.type)) return;
    // A new program starts from the defaults: the page size and pace of the previous one do not carry over.
    if (this.sessions.size === 0) {
      this.pageLimit = DEFAULT_PAGE;
      this.lastFetchMs = 0;
    }
    this.sessions.add(s);
    this.note(`session started: ${s.type} "${s.name}" (depth ${depth(s)})`);
    void vscode.commands.executeCommand('setContext', 'goroutines.inspector.debugging', true);
    this.kick();
  }

  private sessionEnded(s: vscode.DebugSession): void {
    if (!this.sessions.delete(s)) return;
    // A launcher's end is its targets' end, whether or not their own end is reported.
    for (const other of [...this.sessions]) {
      for (let p = other.parentSession; p; p = p.parentSession) {
        if (p === s) {
          this.sessions.delete(other);
          this.stopped.delete(other.id);
          if (this.preferred === other) this.preferred = undefined;
          break;
        }
      }
    }
    this.stopped.delete(s.id);
    this.note(`session ended: ${s.type} "${s.name}"`);
    if (this.preferred === s) this.preferred = undefined;
    if (this.sessions.size > 0) return;
    void vscode.commands.executeCommand('setContext', 'goroutines.inspector.debugging', false);
    this.stopTimer();
    if (this.current.kind === 'snapshot' && !this.current.ended) {
      this.set({ ...this.current, ended: true });
    }
  }

  private tracker(s: vscode.DebugSession): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (m: { type?: string; event?: string }) => {
        if (m.type !== 'event') return;
        if (m.event === 'stopped') {
          this.stopped.add(s.id);
          this.note(`stopped: "${s.name}", ${this.visibleViews} views visible`);
          // A stop is a moment worth showing, whatever the live-update rate and the views' visibility
          // (one fetch per stop; the views show it when opened).
          void this.refresh();
        } else if (m.event === 'continued') {
          this.running(s);
        }
      },
      onWillReceiveMessage: (m: { type?: string; command?: string }) => {
        if (
          m.type === 'request' &&
          ['continue', 'next', 'stepIn', 'stepOut', 'reverseContinue'].includes(m.command ?? '')
        ) {
          this.running(s);
        }
      },
    };
  }

  private running(s: vscode.DebugSession): void {
    this.stopped.delete(s.id);
    this.kick();
  }

  // Whether the program the views show is stopped (another session's stop says nothing about it).
  private isStopped(): boolean {
    return this.preferred !== undefined && this.stopped.has(this.preferred.id);
  }

  private kick(): void {
    if (!this.timer && !this.inFlight && this.wantsLive()) this.timer = setTimeout(() => this.tick(), 0);
  }

  private wantsLive(): boolean {
    return this.sessions.size > 0 && this.visibleViews > 0 && !this.paused;
  }

  private tick(): void {
    this.timer = undefined;
    void this.refresh();
  }

  private schedule(): void {
    this.stopTimer();
    if (!this.wantsLive() || this.isStopped()) {
      this.note(
        `live updates wait: ${this.sessions.size} sessions, ${this.visibleViews} views visible, ` +
          `${this.paused ? 'paused' : 'not paused'}, ${this.stopped.size} stopped`,
      );
    }
    // While stopped nothing changes until the program runs again (the stop already fetched).
    if (!this.wantsLive() || this.isStopped()) return;
    const wait = Math.max(MIN_INTERVAL_MS, SLOW_FACTOR * this.lastFetchMs);
    this.timer = setTimeout(() => this.tick(), wait);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Sessions to ask, best first: the one that answered last, then the shallowest (a program's main thread). */
  private candidates(): vscode.DebugSession[] {
    // js-debug starts one launcher session and a child session per JavaScript target (the process, each
    // worker thread); only the targets evaluate. The launcher does not answer `evaluate` at all.
    const list = [...this.sessions]
      .filter((s) => s.configuration.__pendingTargetId !== undefined)
      .sort((a, b) => depth(a) - depth(b));
    if (this.preferred && this.sessions.has(this.preferred)) {
      return [this.preferred, ...list.filter((s) => s !== this.preferred)];
    }
    return list;
  }

  private note(line: string): void {
    this.log.debug(`inspector: ${line}`);
    this.trace.push(line);
    if (this.trace.length > 30) this.trace.shift();
  }

  private async evaluate(s: vscode.DebugSession, expression: string): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer to evaluate in ${EVALUATE_TIMEOUT_MS / 1000} s`)),
        EVALUATE_TIMEOUT_MS,
      );
    });
    const body = (await Promise.race([
      Promise.resolve(s.customRequest('evaluate', { expression, context: 'clipboard' })),
      timeout,
    ]).finally(() => clearTimeout(timer))) as { result?: unknown };
    if (typeof body?.result !== 'string') throw new Error('the debugger gave no result');
    return body.result;
  }

  private async fetch(): Promise<void> {
    if (this.sessions.size === 0) return;
    const t0 = Date.now();
    let failure: string | undefined;
    for (const s of this.candidates()) {
      let result: string;
      try {
        result = await this.evaluate(s, snapshotExpression({ limit: this.pageLimit }));
      } catch (err) {
        // The launcher session of js-debug has no JavaScript target to evaluate in: try the next one.
        failure ??= err instanceof Error ? err.message : String(err);
        this.note(`${s.type} session "${s.name}" (depth ${depth(s)}): ${String(err)}`);
        continue;
      }
      const answer = readSnapshotAnswer(result);
      this.note(`${s.type} session "${s.name}" (depth ${depth(s)}): ${answer.kind}, ${result.length} chars`);
      if (answer.kind === 'absent') {
        failure = answer.message;
        continue;
      }
      this.preferred = s;
      if (answer.kind === 'invalid') {
        this.lastFetchMs = Date.now() - t0;
        this.log.warn(`inspector: ${answer.message}`);
        this.set({ kind: 'error', message: answer.message });
        return;
      }
      const snapshot = answer.snapshot;
      this.lastFetchMs = Date.now() - t0;
      this.fetches++;
      this.set({
        kind: 'snapshot',
        index: new SnapshotIndex(snapshot),
        fetchMs: this.lastFetchMs,
        ended: false,
      });
      return;
    }
    this.lastFetchMs = Date.now() - t0;
    // A program that has not imported the runtime yet (still starting) looks the same: keep the last snapshot.
    if (this.current.kind === 'snapshot' && failure === absentMessage) return;
    if (this.sessions.size > 0) this.set({ kind: 'error', message: failure ?? absentMessage });
  }

  private set(state: SourceState): void {
    this.current = state;
    void vscode.commands.executeCommand(
      'setContext',
      'goroutines.inspector.hasSnapshot',
      state.kind === 'snapshot',
    );
    this.changed.fire(state);
  }

  dispose(): void {
    this.stopTimer();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
