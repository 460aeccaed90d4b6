// How the inspector asks a debuggee for its snapshot: the expressions sent with the debug adapter's
// `evaluate` request and the reading of their answers. The runtime exposes its inspector object on
// `globalThis[Symbol.for('goroutines.inspect')]` when GOROUTINES_DEBUG=1 (runtime/src/inspect/index.ts).
import { validateSnapshot, type Snapshot } from './schema.js';

/** What the expressions return when the program has no inspector object (no runtime, or inspection off). */
export const ABSENT = '{"goroutinesInspector":"absent"}';

export interface SnapshotRequest {
  /** How many goroutines to list in full; when they are not all listed, the runtime counts all of them in groups. */
  readonly limit: number;
}

const inspector = `globalThis[Symbol.for('goroutines.inspect')]`;

// Evaluated with `context: 'clipboard'`, which js-debug answers with the whole string (the `repl` and
// `watch` contexts cut long strings). Wrapped in a function so no name leaks into the program's scope.
export function snapshotExpression(req: SnapshotRequest): string {
  const limit = Math.max(0, Math.floor(req.limit));
  return `(() => { const i = ${inspector}; return i && typeof i.snapshot === 'function' ? i.snapshot({ limit: ${limit} }) : '${ABSENT}'; })()`;
}

export function dumpExpression(): string {
  return `(() => { const i = ${inspector}; return i && typeof i.dump === 'function' ? i.dump() : '${ABSENT}'; })()`;
}

/**
 * Starts a leak search in the program (full garbage collections; runtime/src/inspect/leak.ts), or with
 * `round`, asks how that search goes. Answers JSON (`LeakSearch`) or ABSENT.
 */
export function findLeaksExpression(round?: number): string {
  const arg = round === undefined ? '' : String(Math.floor(round));
  return `(() => { const i = ${inspector}; return i && typeof i.findLeaks === 'function' ? i.findLeaks(${arg}) : '${ABSENT}'; })()`;
}

/** The program's answer to `findLeaksExpression`. */
export interface LeakSearchAnswer {
  round: number;
  enabled: boolean;
  done: boolean;
  leaked: number[];
}

/** Reads the answer to `findLeaksExpression`: undefined when the program has no such function. */
export function readLeakSearch(result: string): LeakSearchAnswer | undefined {
  const text = unquote(result);
  if (text === ABSENT || text === 'undefined') return undefined;
  const v = JSON.parse(text) as Partial<LeakSearchAnswer>;
  if (
    typeof v.round !== 'number' ||
    typeof v.enabled !== 'boolean' ||
    typeof v.done !== 'boolean' ||
    !Array.isArray(v.leaked) ||
    !v.leaked.every((x) => typeof x === 'number')
  ) {
    throw new Error(`malformed answer to a leak search: ${text.slice(0, 200)}`);
  }
  return v as LeakSearchAnswer;
}

/**
 * The string an `evaluate` answer stands for. Adapters differ: the clipboard context gives the raw
 * text, the repl context a quoted literal (`'…'` or `"…"`).
 */
export function unquote(result: string): string {
  const t = result.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {
      // Not a JSON string literal: fall through to the other forms.
    }
  }
  if (t.length >= 2 && ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('`') && t.endsWith('`')))) {
    return unescapeJs(t.slice(1, -1));
  }
  return result;
}

function unescapeJs(s: string): string {
  return s.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    return (
      ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? e
    );
  });
}

export type SnapshotAnswer =
  | { kind: 'ok'; snapshot: Snapshot }
  | { kind: 'absent'; message: string }
  | { kind: 'invalid'; message: string };

export const absentMessage =
  'this program exposes no goroutine snapshot: it must import the goroutines runtime and run with GOROUTINES_DEBUG=1';

/** Reads the answer to `snapshotExpression`: a snapshot, no inspector in the program, or something malformed. */
export function readSnapshotAnswer(result: string): SnapshotAnswer {
  const text = unquote(result);
  if (text === ABSENT) return { kind: 'absent', message: absentMessage };
  if (text === 'undefined') return { kind: 'absent', message: absentMessage };
  const v = validateSnapshot(text);
  if (v.ok) return { kind: 'ok', snapshot: v.snapshot };
  if (/schema version/.test(v.error)) {
    return {
      kind: 'invalid',
      message: `the program's goroutines runtime is not supported by this extension: ${v.error}`,
    };
  }
  return { kind: 'invalid', message: `malformed snapshot from the program: ${v.error}` };
}
