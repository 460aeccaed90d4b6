// The language server analyses an edited document incrementally (the changed region is re-parsed,
// the facts of functions an edit cannot affect are carried over): after any sequence of edits over
// a real LSP connection, its diagnostics are exactly those of a fresh server opening the final text.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { LspClient, repoRoot } from './lsp-client.js';

const uri = pathToFileURL(join(repoRoot, 'test/integration/fixtures/lsp/incremental.ts')).toString();

const TEXT = `import { chan, go, select, recv, after, Mutex, WaitGroup, type Chan } from 'goroutines';

declare function fetchText(url: string): Promise<string>;

const shared = chan<number>();

export class Account {
  private readonly mu = new Mutex();
  private balance = 0;

  async deposit(n: number): Promise<void> {
    await this.mu.lock();
    this.balance += n;
    this.mu.unlock();
  }

  async withdraw(n: number): Promise<boolean> {
    await this.mu.lock();
    if (this.balance < n) return false;
    this.balance -= n;
    this.mu.unlock();
    return true;
  }
}

export async function crawl(urls: string[]): Promise<string[]> {
  const wg = new WaitGroup();
  const out: string[] = [];
  for (const url of urls) {
    wg.add(1);
    go(async () => {
      const text = await fetchText(url);
      out.push(text);
      wg.done();
    });
  }
  await wg.wait();
  return out;
}

export async function first(ms: number): Promise<number | undefined> {
  const result = chan<number>();
  go(async () => {
    await result.send(await produce());
  });
  return select(
    recv(result, (v) => v),
    recv(after(ms), () => undefined),
  );
}

export async function produce(): Promise<number> {
  await shared.send(1);
  return 1;
}

export function drain(ch: Chan<number>): void {
  go(async () => {
    for await (const v of ch) void v;
  });
}
`;

type Pos = { line: number; character: number };
interface Edit {
  readonly range: { start: Pos; end: Pos };
  readonly text: string;
}

/** The text after an edit, as the editor applies it. */
function apply(text: string, { range, text: insert }: Edit): string {
  const lines = text.split('\n');
  const offset = (p: Pos) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(range.start)) + insert + text.slice(offset(range.end));
}

/** Where a string first occurs (after `after`, when given), as a position. */
function at(text: string, needle: string, after = ''): Pos {
  const from = after ? text.indexOf(after) : 0;
  const i = text.indexOf(needle, from);
  assert.ok(from >= 0 && i >= 0, `${needle} not found`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function insertAt(text: string, needle: string, insert: string, after = ''): Edit {
  const p = at(text, needle, after);
  return { range: { start: p, end: p }, text: insert };
}

function replace(text: string, needle: string, by: string, after = ''): Edit {
  const start = at(text, needle, after);
  const lines = needle.split('\n');
  const end =
    lines.length === 1
      ? { line: start.line, character: start.character + needle.length }
      : { line: start.line + lines.length - 1, character: lines[lines.length - 1]!.length };
  return { range: { start, end }, text: by };
}

/** Every publish for `uri` counted per version; resolves at the final one (the server publishes twice per version). */
function settled(client: LspClient, version: number): Promise<PublishDiagnosticsParams> {
  let n = 0;
  return client.diagnostics(uri, (p) => p.version === version && ++n === 2, 60000);
}

const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
});

async function fresh(text: string): Promise<PublishDiagnosticsParams['diagnostics']> {
  const c = new LspClient();
  clients.push(c);
  await c.initialize();
  const p = settled(c, 1);
  c.open(uri, text);
  const { diagnostics } = await p;
  await c.shutdown();
  return diagnostics;
}

const codes = (ds: PublishDiagnosticsParams['diagnostics']) =>
  ds.map((d) => `${d.code}@${d.range.start.line}`);

test('a sequence of incremental edits gives the diagnostics a fresh server gives for the final text', async () => {
  const client = new LspClient();
  clients.push(client);
  await client.initialize();
  let version = 1;
  let text = TEXT;
  let p = settled(client, version);
  client.open(uri, text);
  const opened = (await p).diagnostics;
  assert.ok(opened.length >= 2, JSON.stringify(codes(opened)));
  assert.deepEqual(opened, await fresh(text), 'the opened text');

  const send = (e: Edit) => {
    text = apply(text, e);
    version++;
    client.edit(uri, e.range, e.text);
  };
  const seen = new Set<string>([JSON.stringify(codes(opened))]);
  // each step: its edits, sent one after the other; `burst` steps are sent with the next step
  // before waiting (the server may analyse them as one); `check`: compared with a fresh server
  interface Step {
    readonly edits: (t: string) => Edit[];
    readonly burst?: boolean;
    readonly check?: boolean;
  }
  const steps: Step[] = [
    // typing inside one function body, a character at a time
    ...[...'const n = urls.length;\n    '].map((ch) => ({
      edits: (t: string) => [insertAt(t, 'wg.add(1);', ch)],
    })),
    // the missing done() on the throwing path: removed, then a goroutine started with wg.go()
    { edits: (t) => [replace(t, '      wg.done();\n', '')], check: true },
    {
      edits: (t) => [
        insertAt(
          t,
          '    go(async () => {',
          '    wg.go(async () => {\n      out.push(await fetchText(url));\n    });\n',
        ),
      ],
    },
    // an early return that skips the unlock in one method, fixed in the other
    { edits: (t) => [insertAt(t, '    this.balance += n;', '    if (n < 0) return;\n')] },
    {
      edits: (t) => [
        replace(
          t,
          'if (this.balance < n) return false;',
          'if (this.balance < n) {\n      this.mu.unlock();\n      return false;\n    }',
        ),
      ],
      check: true,
    },
    // broken syntax while typing, then completed
    { edits: (t) => [insertAt(t, '  await shared.send(1);', '  if (shared) {\n')] },
    { edits: (t) => [insertAt(t, '  return 1;\n}', '  }\n')] },
    // a burst of edits in different functions
    { edits: (t) => [insertAt(t, 'return out;', '// done\n  ')], burst: true },
    {
      edits: (t) => [replace(t, 'recv(after(ms), () => undefined)', 'recv(after(ms * 2), () => undefined)')],
      burst: true,
    },
    { edits: (t) => [insertAt(t, 'this.balance -= n;', 'this.balance -= 0;\n    ')], check: true },
    // a module-level change that other functions resolve through
    { edits: (t) => [replace(t, 'const shared = chan<number>();', 'const shared = chan<number>(1);')] },
    // a new function, and an edit in a function without a written result type
    {
      edits: (t) => [
        insertAt(
          t,
          'export function drain',
          'export async function leak(): Promise<void> {\n  const c = chan<number>();\n  go(async () => {\n    await c.send(1);\n  });\n}\n\n',
        ),
      ],
    },
    {
      edits: (t) => [
        replace(
          t,
          'for await (const v of ch) void v;',
          'for await (const v of ch) void v;\n    shared.close();',
        ),
      ],
    },
    // a line removed before every function
    {
      edits: (t) => [
        replace(
          t,
          'declare function fetchText(url: string): Promise<string>;\n\n',
          'declare function fetchText(url: string): Promise<string>;\n',
        ),
      ],
      check: true,
    },
  ];
  for (const step of steps) {
    const edits = step.edits(text);
    if (step.burst) {
      for (const e of edits) send(e);
      continue;
    }
    p = settled(client, version + edits.length);
    for (const e of edits) send(e);
    const { diagnostics } = await p;
    seen.add(JSON.stringify(codes(diagnostics)));
    if (step.check) assert.deepEqual(diagnostics, await fresh(text), `after ${JSON.stringify(edits)}`);
  }
  assert.ok(seen.size >= 3, `the edits changed the findings: ${[...seen].join(' ')}`);
});
