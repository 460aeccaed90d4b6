// Parses goroutine dumps (Go's `runtime.Stack` / SIGQUIT / deadlock format, as the runtime prints
// them, and Node-style `at f (file:line:col)` frames) into goroutines, frames and source locations.
// Shared by the document links and the outline; imports nothing from VS Code so it is unit-tested
// on its own. Lines and columns in results are 0-based positions in the dump; `line`/`column` of a
// source location are as printed (1-based).

/** A `path:line[:col]` reference found in the dump. */
export interface DumpLocation {
  /** As printed: an absolute path, a relative path, or a `file://` URL. */
  readonly path: string;
  readonly line: number;
  readonly column: number | undefined;
  /** Where the reference is in the dump: its line and [start, end) character range. */
  readonly at: { readonly line: number; readonly start: number; readonly end: number };
}

export interface DumpFrame {
  /** The function, as printed (`main.worker`, `worker`, `<anonymous>`); '' when only a location was printed. */
  readonly function: string;
  readonly args: string;
  /** The dump line of the function (the location's line for single-line frames). */
  readonly line: number;
  location: DumpLocation | undefined;
}

export interface DumpGoroutine {
  readonly id: number;
  /** The label printed between the id and the state (`goroutine 7 "producer" [...]`), if any. */
  readonly name: string | undefined;
  /** The state or wait reason: `running`, `chan receive`, `sync.Mutex.Lock`… */
  readonly state: string;
  /** What follows the state in brackets: `3 minutes`, `locked to thread`… */
  readonly details: readonly string[];
  /** Minutes waited, when the header says so. */
  readonly waitMinutes: number | undefined;
  /** The header line. */
  readonly line: number;
  /** The last non-blank line of this goroutine's block. */
  endLine: number;
  readonly frames: DumpFrame[];
  createdBy:
    | { function: string; goroutineId: number | undefined; line: number; location: DumpLocation | undefined }
    | undefined;
}

export interface DumpMessage {
  readonly kind: 'fatal error' | 'panic';
  readonly text: string;
  readonly line: number;
}

export interface ParsedDump {
  readonly messages: DumpMessage[];
  readonly goroutines: DumpGoroutine[];
  /** Every source location in the dump, in order, including those outside goroutine blocks. */
  readonly locations: DumpLocation[];
}

const HEADER = /^goroutine (\d+)(?: +(.*?))? *\[([^\]]*)\]:\s*$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?\s*$/;
const MESSAGE = /^(fatal error|panic): ?(.*)$/;
const EXIT_STATUS = /^exit status \d+\s*$/;
const NODE_FRAME = /^\s+at (?:(?:async )?(.+?) \()?/;
const GO_FRAME = /^(.*?)\((.*)\)\s*$/;
// A path (or file:// URL) ending in a file extension, then :line and optionally :column, then the
// end of the token. The extension requirement keeps `node:internal/…` and prose out.
const LOCATION =
  /(file:\/\/[^\s()]+?|(?:[A-Za-z]:)?[^\s():'"]*[^\s():'"/\\]\.[A-Za-z][A-Za-z0-9]*):(\d+)(?::(\d+))?(?=$|[\s)\],])/g;

/** The source locations on one line of a dump. */
export function findLocations(text: string, line: number): DumpLocation[] {
  const out: DumpLocation[] = [];
  for (const m of text.matchAll(LOCATION)) {
    const start = m.index;
    out.push({
      path: m[1],
      line: Number(m[2]),
      column: m[3] === undefined ? undefined : Number(m[3]),
      at: { line, start, end: start + m[0].length },
    });
  }
  return out;
}

export function parseDump(text: string): ParsedDump {
  const lines = text.split(/\r?\n/);
  const messages: DumpMessage[] = [];
  const goroutines: DumpGoroutine[] = [];
  const locations: DumpLocation[] = [];
  let g: DumpGoroutine | undefined;
  // The frame or `created by` line waiting for its indented location line.
  let pending: { location: DumpLocation | undefined } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const found = HEADER.test(raw) ? [] : findLocations(raw, i);
    locations.push(...found);

    const header = HEADER.exec(raw);
    if (header) {
      const [state = '', ...details] = header[3].split(',').map((s) => s.trim());
      const minutes = details.map((d) => /^(\d+) minutes?$/.exec(d)).find((m) => m);
      g = {
        id: Number(header[1]),
        name: labelOf(header[2]),
        state,
        details,
        waitMinutes: minutes ? Number(minutes[1]) : undefined,
        line: i,
        endLine: i,
        frames: [],
        createdBy: undefined,
      };
      goroutines.push(g);
      pending = undefined;
      continue;
    }
    const message = MESSAGE.exec(raw);
    if (message) {
      messages.push({ kind: message[1] as DumpMessage['kind'], text: message[2], line: i });
      g = undefined;
      continue;
    }
    if (raw.trim() === '' || EXIT_STATUS.test(raw)) {
      g = undefined;
      continue;
    }
    if (!g) continue;
    g.endLine = i;

    const created = CREATED_BY.exec(raw);
    if (created) {
      g.createdBy = {
        function: created[1],
        goroutineId: created[2] === undefined ? undefined : Number(created[2]),
        line: i,
        location: found[0],
      };
      pending = found[0] ? undefined : g.createdBy;
      continue;
    }
    if (/^\s/.test(raw)) {
      const node = NODE_FRAME.exec(raw);
      if (node) {
        g.frames.push({ function: node[1] ?? '', args: '', line: i, location: found[0] });
        pending = undefined;
      } else if (pending && !pending.location) {
        pending.location = found[0];
        pending = undefined;
      } else if (found[0]) {
        g.frames.push({ function: '', args: '', line: i, location: found[0] });
      }
      continue;
    }
    const call = GO_FRAME.exec(raw);
    const frame: DumpFrame = {
      function: (call ? call[1] : raw).trim(),
      args: call ? call[2] : '',
      line: i,
      location: found[0],
    };
    g.frames.push(frame);
    pending = found[0] ? undefined : frame;
  }
  return { messages, goroutines, locations };
}

function labelOf(between: string | undefined): string | undefined {
  if (!between) return undefined;
  const quoted = /^"(.*)"$/.exec(between) ?? /^\((.*)\)$/.exec(between);
  return quoted ? quoted[1] : undefined;
}

/** Goroutines grouped by state / wait reason, in order of first appearance. */
export function groupByState(goroutines: readonly DumpGoroutine[]): Map<string, DumpGoroutine[]> {
  const groups = new Map<string, DumpGoroutine[]>();
  for (const g of goroutines) {
    const list = groups.get(g.state);
    if (list) list.push(g);
    else groups.set(g.state, [g]);
  }
  return groups;
}
