// The language server over a real LSP connection (dist/server.js --stdio): diagnostics with codes,
// links and related information; quick fixes; hover; suppression comments; settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, repoRoot } from './lsp-client.js';

const dir = join(repoRoot, 'test/integration/fixtures/lsp');
const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();

const CRAWL = `import { go, WaitGroup } from 'goroutines';

declare function fetchText(url: string): Promise<string>;

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
`;

let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize();
});

after(async () => {
  if (process.exitCode) console.error(client.logs.join('\n'));
  await client.shutdown();
});

function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

test('didOpen publishes GR1001 with a code, a documentation link and related information', async () => {
  const uri = uriOf('crawl.ts');
  const p = client.diagnostics(uri, (d) => d.diagnostics.length > 0);
  client.open(uri, CRAWL);
  const { diagnostics } = await p;
  assert.equal(diagnostics.length, 1);
  const [d] = diagnostics;
  assert.equal(d!.code, 'GR1001');
  assert.equal(d!.source, 'goroutines');
  assert.equal(d!.range.start.line, 12);
  assert.match(String(d!.message), /wg\.done\(\) is not called when fetchText\(\) throws/);
  assert.match(d!.codeDescription!.href, /\/docs\/checks\/GR1001\.md$/);
  assert.ok(d!.relatedInformation!.length >= 1);
  assert.equal(d!.relatedInformation![0]!.location.uri, uri);
});

test('the quick fixes: wg.done() moved into finally (the edited document is clean), or wg.go()', async () => {
  const uri = uriOf('crawl.ts');
  const published = client.last.get(uri)!;
  const d = published.diagnostics[0]!;
  const actions = (await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  })) as { title: string; kind: string; isPreferred: boolean; edit: { changes: Record<string, never[]> } }[];
  assert.equal(actions.length, 2);
  assert.ok(actions.every((a) => a.kind === 'quickfix'));
  assert.match(actions[0]!.title, /finally/);
  // the alternative: wg.go() instead of add(1) + go() + done()
  assert.match(actions[1]!.title, /wg\.go\(\)/);
  const viaGo = applyEdits(CRAWL, actions[1]!.edit.changes[uri]!);
  assert.match(viaGo, /\n {4}wg\.go\(async \(\) => \{/);
  assert.doesNotMatch(viaGo, /wg\.(add|done)\(/);
  const fixed = applyEdits(CRAWL, actions[0]!.edit.changes[uri]!);
  assert.match(fixed, /\} finally \{\s*wg\.done\(\);\s*\}/);
  const clean = client.diagnostics(uri, (x) => x.diagnostics.length === 0);
  client.change(uri, fixed);
  await clean;
});

test('an incremental edit that brings the bug back republishes it', async () => {
  const uri = uriOf('unawaited.ts');
  const text = `import { Mutex } from 'goroutines';\nconst mu = new Mutex();\nexport async function f() {\n  await mu.lock();\n  mu.unlock();\n}\n`;
  const first = client.diagnostics(uri);
  client.open(uri, text);
  assert.deepEqual((await first).diagnostics, []);
  const again = client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  client.edit(uri, { start: { line: 3, character: 2 }, end: { line: 3, character: 8 } }, '');
  const { diagnostics } = await again;
  assert.deepEqual(
    diagnostics.map((x) => x.code),
    ['GR6001'],
  );
  assert.match(String(diagnostics[0]!.message), /mu\.lock\(\) is not awaited/);
});

test('hover shows a channel element type, capacity and direction, and which lock a guard holds', async () => {
  const uri = uriOf('hover.ts');
  const text = [
    "import { chan, Mutex, type RecvChan } from 'goroutines';",
    'const ch = chan<number>(3);',
    'const mu = new Mutex();',
    'export async function f(input: RecvChan<string>) {',
    '  using _ = await mu.lock();',
    '  await ch.send(1);',
    '  return input.recv();',
    '}',
    '',
  ].join('\n');
  const p = client.diagnostics(uri);
  client.open(uri, text);
  await p;
  const hover = async (line: number, character: number) =>
    (
      (await client.conn.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line, character },
      })) as {
        contents: { value: string };
      } | null
    )?.contents.value ?? '';
  const ch = await hover(5, 9);
  assert.match(ch, /\(channel\) ch: Chan<number>/);
  assert.match(ch, /buffered, capacity 3; send and receive/);
  const input = await hover(6, 10);
  assert.match(input, /receive only/);
  assert.match(input, /capacity set by the caller/);
  const guard = await hover(4, 8);
  assert.match(guard, /\(guard\) _: holds mu\.lock\(\) until the end of the block \(line 8\)/);
  assert.equal(await hover(1, 0), '');
});

test('a suppression comment with a reason silences its line; without a reason or unused, it is reported', async () => {
  const uri = uriOf('suppress.ts');
  const body = (comment: string) =>
    `import { Mutex } from 'goroutines';\nconst mu = new Mutex();\nexport async function f() {\n  ${comment}\n  mu.lock();\n  await mu.lock();\n}\n`;
  let p = client.diagnostics(uri);
  client.open(uri, body('// goroutines-ignore GR6001: the lock is taken by the caller'));
  const silenced = (await p).diagnostics.map((d) => d.code);
  assert.ok(!silenced.includes('GR6001'), JSON.stringify(silenced));
  p = client.diagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'GR0002'));
  client.change(uri, body('// goroutines-ignore GR6001'));
  const noReason = (await p).diagnostics.map((d) => d.code);
  assert.ok(noReason.includes('GR6001'), 'a suppression without a reason suppresses nothing');
  p = client.diagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'GR0001'));
  client.change(uri, body('// goroutines-ignore GR2101: no channel here'));
  const unused = await p;
  assert.match(String(unused.diagnostics.find((d) => d.code === 'GR0001')!.message), /unused suppression/);
});

test('goroutines.severity turns a check off or changes its severity; goroutines.enable clears everything', async () => {
  const uri = uriOf('crawl2.ts');
  let p = client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  client.open(uri, CRAWL);
  assert.equal((await p).diagnostics[0]!.severity, 1);
  p = client.diagnostics(uri, (x) => x.diagnostics[0]?.severity === 2);
  client.settings = { enable: true, severity: { 'wg-done-not-reached': 'warning' } };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await p;
  p = client.diagnostics(uri, (x) => x.diagnostics[0]?.severity === 4);
  client.settings = { enable: true, severity: { GR1001: 'hint' } };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await p;
  p = client.diagnostics(uri, (x) => x.diagnostics.length === 0);
  client.settings = { enable: true, severity: { GR1001: 'off' } };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await p;
  p = client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  client.settings = { enable: true, severity: {} };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await p;
  p = client.diagnostics(uri, (x) => x.diagnostics.length === 0);
  client.settings = { enable: false, severity: {} };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await p;
  p = client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  client.settings = { enable: true, severity: {} };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await p;
});

test('broken input does not crash the server', async () => {
  const uri = uriOf('broken.ts');
  const p = client.diagnostics(uri);
  client.open(
    uri,
    "import { chan, go } from 'goroutines';\nexport async function f( {\n  const ch = chan<number>(;\n  go(async () => { await ch.send(\n",
  );
  await p;
  const q = client.diagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'GR2104'));
  client.change(
    uri,
    "import { select } from 'goroutines';\nexport async function f() {\n  await select();\n}\n",
  );
  await q;
});
