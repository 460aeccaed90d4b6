// Go-format goroutine dumps: what `runtime.Stack(buf, true)`, SIGQUIT and the deadlock / fatal panic
// output print, so a Go programmer (and Go's dump tools) can read them:
//
//   goroutine 7 "producer" [chan receive, 3 minutes]:
//   producer(...)
//   	/home/me/app/src/pipeline.ts:12
//   created by main in goroutine 1
//   	/home/me/app/src/main.ts:30
//
// Differences from Go, all kept parseable: the goroutine's name (a `go.named` label or the function's
// name) is printed quoted between the id and the bracket, and only when there is one; frames have no
// `+0x…` offsets; frames are the park-site stack, which the scheduler keeps only while stacks are enabled
// (a goroutine parked without one prints its header and its creation site only).
import type { GoroutineRecord } from '../sched/record.js';

/** One JavaScript stack frame, parsed from a V8 `Error.stack`. */
export interface Frame {
  /** Function name as V8 prints it (`worker`, `Chan.recv`, `new Pool`); `<anonymous>` when it has none. */
  fn: string;
  /** A file path (file: URLs are turned into paths), or a URL for other schemes (`node:…`, `http:…`). */
  file: string;
  line: number;
  column: number;
  /** The frame is an `await`ing caller (V8's `at async fn`), not a synchronous one. */
  async: boolean;
}

export interface DumpOptions {
  /** Group goroutines with identical state and stacks, with counts (pprof `debug=1` style). */
  grouped?: boolean;
  /** Time "now" for the wait durations; defaults to Date.now(). */
  now?: number;
  /**
   * Extended header: also print waits shorter than a minute, in seconds (`[chan receive, 12 seconds]`).
   * Off by default: Go prints the wait only from one minute on.
   */
  seconds?: boolean;
  /** Keep frames inside the runtime itself (Go hides `runtime.gopark` and friends; so do we by default). */
  runtimeFrames?: boolean;
  /**
   * The stack to print for a goroutine instead of its park site, e.g. the error of a goroutine that
   * panicked. Returning undefined falls back to the park site.
   */
  stackOf?: (g: GoroutineRecord) => Error | string | undefined;
}

// Frames inside the runtime package itself (src/ during development, dist/ once built), located from this
// file: runtime/src/inspect/dump.ts or runtime/dist/inspect/dump.js.
const runtimeRoot = ((): string => {
  try {
    return urlToPath(new URL('../../', import.meta.url).href);
  } catch {
    return '\0';
  }
})();

/** Whether a frame's file belongs to the runtime (or to Node's internals) and is hidden from dumps. */
export function isRuntimeFrame(file: string): boolean {
  return (
    file.startsWith('node:') ||
    file.startsWith(runtimeRoot + 'src/') ||
    file.startsWith(runtimeRoot + 'dist/') ||
    /[/\\]node_modules[/\\]goroutines[/\\](src|dist)[/\\]/.test(file)
  );
}

function urlToPath(file: string): string {
  if (!file.startsWith('file://')) return file;
  let path = file.slice('file://'.length);
  // file:///home/x → /home/x; file:///C:/x → C:/x; file://host/share → //host/share
  if (path.startsWith('/')) {
    if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1);
  } else {
    path = '//' + path;
  }
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const frameLine = /^\s*at (?:(async) )?(.*)$/;
const location = /^(.*):(\d+):(\d+)$/;

function parseFrame(text: string): Frame | null {
  const m = frameLine.exec(text);
  if (!m) return null;
  const isAsync = m[1] === 'async';
  let rest = m[2]!;
  let fn = '<anonymous>';
  let loc = rest;
  if (rest.endsWith(')')) {
    const open = rest.lastIndexOf(' (');
    if (open < 0) return null;
    loc = rest.slice(open + 2, -1);
    rest = rest.slice(0, open);
    fn = rest.replace(/ \[as [^\]]*\]$/, '') || fn;
  }
  const l = location.exec(loc);
  // Native frames (`<anonymous>`, `native`, `index 0`) and eval frames have no source line to show.
  if (!l || l[1]!.startsWith('eval at ')) return null;
  return { fn, file: urlToPath(l[1]!), line: Number(l[2]), column: Number(l[3]), async: isAsync };
}

const noFrames: Frame[] = [];

// Parsed stacks, shared between identical texts (goroutines started from one `go(…)` call), and
// remembered per Error so a stack is read and looked up once.
const byText = [new Map<string, Frame[]>(), new Map<string, Frame[]>()];
const byError = [new WeakMap<Error, Frame[]>(), new WeakMap<Error, Frame[]>()];

/**
 * Parses a V8 stack (`Error.stack`) into frames, innermost first, dropping the message lines, native
 * frames and (unless `runtimeFrames`) the runtime's own frames. Identical stacks share one result.
 */
export function parseStack(stack: Error | string | undefined, runtimeFrames = false): Frame[] {
  if (stack === undefined) return noFrames;
  const mode = runtimeFrames ? 1 : 0;
  if (typeof stack !== 'string') {
    let frames = byError[mode]!.get(stack);
    if (!frames) byError[mode]!.set(stack, (frames = parseStack(stack.stack ?? '', runtimeFrames)));
    return frames;
  }
  const cache = byText[mode]!;
  let frames = cache.get(stack);
  if (frames) return frames;
  frames = [];
  for (const line of stack.split('\n')) {
    const f = parseFrame(line);
    if (f && (runtimeFrames || !isRuntimeFrame(f.file))) frames.push(f);
  }
  if (cache.size >= 4096) cache.clear();
  cache.set(stack, frames);
  return frames;
}

/** Go's state text: the wait reason while waiting, else the state. */
function stateText(g: GoroutineRecord): string {
  return g.state === 'waiting' && g.waitReason !== '' ? g.waitReason : g.state;
}

function header(g: GoroutineRecord, options: DumpOptions): string {
  let bracket = stateText(g);
  if (g.state === 'waiting' && g.waitSince > 0) {
    const ms = (options.now ?? Date.now()) - g.waitSince;
    const minutes = Math.floor(ms / 60_000);
    // Go prints `, 1 minutes` too (runtime/traceback.go goroutineheader).
    if (minutes >= 1) bracket += `, ${minutes} minutes`;
    else if (options.seconds) bracket += `, ${Math.floor(ms / 1000)} seconds`;
  }
  const name = g.name === '' ? '' : ` ${JSON.stringify(g.name)}`;
  return `goroutine ${g.id}${name} [${bracket}]:`;
}

function framesOf(g: GoroutineRecord, options: DumpOptions): Frame[] {
  const own = options.stackOf?.(g);
  return parseStack(own ?? g.parkedAt, options.runtimeFrames);
}

function createdBy(g: GoroutineRecord, options: DumpOptions): Frame | undefined {
  if (g.id === 1) return undefined;
  return parseStack(g.createdAt, options.runtimeFrames)[0];
}

// Go 1.21+ names the parent goroutine; code outside any goroutine (parentId 0) gets Go 1.20's form.
const createdIn = (g: GoroutineRecord): string => (g.parentId === 0 ? '' : ` in goroutine ${g.parentId}`);

/** Frames in Go's two-line layout (`fn(...)`, then a tab and `file:line`), each line after `indent`. */
export function formatFrames(frames: readonly Frame[], indent = ''): string[] {
  const out: string[] = [];
  for (const f of frames) out.push(`${indent}${f.fn}(...)`, `${indent}\t${f.file}:${f.line}`);
  return out;
}

/** One goroutine in Go's traceback layout, without a trailing newline. */
export function formatGoroutine(g: GoroutineRecord, options: DumpOptions = {}): string {
  const out = [header(g, options)];
  out.push(...formatFrames(framesOf(g, options)));
  const c = createdBy(g, options);
  if (c) out.push(`created by ${c.fn}${createdIn(g)}`, `\t${c.file}:${c.line}`);
  return out.join('\n');
}

/**
 * Formats goroutine records as Go prints them: one block per goroutine, blocks separated by a blank
 * line, ending with a newline. A fatal error is printed as `fatal error: …`, a blank line, then this.
 */
export function formatDump(records: Iterable<GoroutineRecord>, options: DumpOptions = {}): string {
  if (options.grouped) return formatGrouped(records, options);
  const blocks: string[] = [];
  for (const g of records) blocks.push(formatGoroutine(g, options));
  return blocks.length === 0 ? '' : blocks.join('\n\n') + '\n';
}

/**
 * pprof's `debug=1` layout: goroutines with the same state, stack and creation site counted together,
 * most frequent first:
 *
 *   goroutine profile: total 1002
 *   1000 @ [chan receive]
 *   #	worker	/home/me/app/src/pool.ts:12
 *   #	created by main	/home/me/app/src/main.ts:30
 */
function formatGrouped(records: Iterable<GoroutineRecord>, options: DumpOptions): string {
  // Identical stacks are one parsed array (parseStack), so arrays are keyed by identity.
  const ids = new Map<readonly Frame[], number>();
  const idOf = (frames: readonly Frame[]): number => {
    let id = ids.get(frames);
    if (id === undefined) ids.set(frames, (id = ids.size));
    return id;
  };
  const groups = new Map<string, { count: number; g: GoroutineRecord }>();
  let total = 0;
  for (const g of records) {
    total++;
    const created = g.id === 1 ? -1 : idOf(parseStack(g.createdAt, options.runtimeFrames));
    const key = `${stateText(g)}\0${idOf(framesOf(g, options))}\0${created}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, g });
  }
  const out = [`goroutine profile: total ${total}`];
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
  for (const { count, g } of sorted) {
    out.push(`${count} @ [${stateText(g)}]`);
    for (const f of framesOf(g, options)) out.push(`#\t${f.fn}\t${f.file}:${f.line}`);
    const c = createdBy(g, options);
    if (c) out.push(`#\tcreated by ${c.fn}\t${c.file}:${c.line}`);
    out.push('');
  }
  return out.join('\n');
}
