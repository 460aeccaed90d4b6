// Every contributed snippet, expanded with its defaults the way VS Code expands it, type-checks,
// draws no finding from the checker, and, when it is a whole program, runs to completion with
// exit code 0 and no goroutine left behind. Both variants are tested: TypeScript and JavaScript.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
// @ts-expect-error: plain ESM without declarations
import { patterns } from '../../../snippets/patterns.mjs';
// @ts-expect-error: plain ESM without declarations
import { render, VARIANTS } from '../../../snippets/generate.mjs';

interface Pattern {
  name: string;
  prefix: string;
  program: boolean;
}
interface Snippet {
  scope: string;
  prefix: string;
  body: string[];
}

const root = path.resolve(import.meta.dirname, '../../..');
interface Variant {
  language: 'ts' | 'js';
  file: string;
}
const variants = VARIANTS as Variant[];
const snippetFile = (v: Variant) => path.join(root, 'snippets', v.file);
/** Every snippet of every file, with the language of its file. */
const snippets = variants.flatMap((v) =>
  Object.entries(JSON.parse(fs.readFileSync(snippetFile(v), 'utf8')) as Record<string, Snippet>).map(
    ([name, snippet]) => ({ name, snippet, language: v.language }),
  ),
);
const byName = new Map((patterns as Pattern[]).map((p) => [p.name, p]));

// Programs that run until they are told to stop: the line they print when ready, and the signal.
const stopWith: Record<string, { ready: string; signal: NodeJS.Signals }> = {
  'graceful shutdown': { ready: 'running; stop with Ctrl+C', signal: 'SIGTERM' },
};

const IMPORTS_TS =
  "import { go, chan, select, recv, send, otherwise, sleep, after, Ticker, WaitGroup, Mutex, RWMutex, Once, Cond, context, errgroup, Semaphore, SingleFlight, type Chan, type RecvChan, type SendChan, type Context } from 'goroutines';\n";
const IMPORTS_JS =
  "import { go, chan, select, recv, send, otherwise, sleep, after, Ticker, WaitGroup, Mutex, RWMutex, Once, Cond, context, errgroup, Semaphore, SingleFlight } from 'goroutines';\n";

/**
 * Expands a snippet body with every placeholder at its default (the first choice of a choice), as
 * inserting it and pressing Tab through it does: `$n` mirrors the text of placeholder n.
 */
export function expandDefaults(body: readonly string[]): string {
  const text = body.join('\n');
  const defaults = new Map<string, string>();
  let i = 0;
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < text.length) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length && '$}\\'.includes(text[i + 1])) {
        out += text[i + 1];
        i += 2;
      } else if (inPlaceholder && c === '}') {
        return out;
      } else if (c === '$') {
        const m = /^\$(?:(\d+)|\{(\d+)(?::|\|([^|]*)\|)?)/.exec(text.slice(i));
        if (!m) {
          out += c;
          i++;
          continue;
        }
        i += m[0].length;
        const n = m[1] ?? m[2];
        if (m[1] !== undefined) {
          out += `\uE000${n}\uE000`;
        } else if (m[3] !== undefined) {
          const first = m[3].split(',')[0];
          defaults.set(n, first);
          out += first;
          i++; // the closing brace
        } else if (text[i - 1] === ':') {
          const value = parse(true);
          i++; // the closing brace
          if (!defaults.has(n)) defaults.set(n, value);
          out += value;
        } else {
          i++; // ${n}
          out += `\uE000${n}\uE000`;
        }
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  const expanded = parse(false);
  const resolve = (s: string): string =>
    s.replace(/\uE000(\d+)\uE000/g, (_, n: string) => resolve(defaults.get(n) ?? ''));
  return resolve(expanded);
}

/** After a program's own code: no goroutine but the main one (goroutine 1) may be left. */
function epilogueFor(pattern: Pattern): string {
  if (!pattern.program) return '';
  return [
    'await new Promise((r) => setTimeout(r, 20));',
    "const { snapshot: __snapshot, dump: __dump } = await import('goroutines');",
    'if (__snapshot().goroutines.some((g) => g.id !== 1)) {',
    "  console.error('goroutines left:\\n' + __dump());",
    '  process.exit(3);',
    '}',
  ].join('\n');
}

interface Case {
  key: string;
  pattern: Pattern;
  language: 'ts' | 'js';
  file: string;
  /** The snippet's own first line in the file (after the import header). */
  firstLine: number;
}

let dir = '';
const cases: Case[] = [];
let diagnostics = new Map<string, string[]>();

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goroutines-snippets-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(root, 'runtime'), path.join(dir, 'node_modules/goroutines'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const { name, snippet, language } of snippets) {
    const key = `${name} (${language})`;
    const pattern = byName.get(name);
    assert.ok(pattern, `snippet "${key}" comes from a pattern`);
    const file = path.join(dir, `${pattern.prefix}.${language === 'ts' ? 'ts' : 'mjs'}`);
    const header = language === 'ts' ? IMPORTS_TS : IMPORTS_JS;
    const epilogue = epilogueFor(pattern);
    fs.writeFileSync(file, header + expandDefaults(snippet.body) + '\n' + epilogue + '\n');
    cases.push({ key, pattern, language, file, firstLine: 1 });
  }
  diagnostics = typeCheck(cases.map((c) => c.file));
  // A known bug beside the snippets proves the checker looks at files in this folder at all.
  fs.writeFileSync(
    path.join(dir, 'control.ts'),
    [
      IMPORTS_TS,
      'export function spawn(wg: WaitGroup, work: () => Promise<void>): void {',
      '  wg.add(1);',
      '  go(async () => {',
      '    await work();',
      '    wg.done();',
      '  });',
      '}',
      '',
    ].join('\n'),
  );
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Against the runtime's published declarations (runtime/dist), as a user's project sees them.
function typeCheck(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
    strict: true,
    noEmit: true,
    allowJs: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules/@types')],
  });
  const out = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? '(global)';
    const where =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const list = out.get(path.resolve(file)) ?? [];
    list.push(`${path.basename(file)}:${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    out.set(path.resolve(file), list);
  }
  return out;
}

test('the snippet files are generated from the patterns and are current', async () => {
  for (const v of variants) {
    assert.equal(fs.readFileSync(snippetFile(v), 'utf8'), await render(v), 'run node snippets/generate.mjs');
  }
});

test('there are at least 25 patterns, each for TypeScript and JavaScript, with go-prefixed unique prefixes', () => {
  const list = patterns as Pattern[];
  assert.ok(list.length >= 25, `${list.length} patterns`);
  assert.equal(new Set(list.map((p) => p.prefix)).size, list.length);
  for (const p of list) assert.match(p.prefix, /^go[a-z]+$/);
  assert.equal(snippets.length, list.length * 2);
});

test('expanding a body takes defaults, first choices and mirrors, and unescapes', () => {
  assert.equal(
    expandDefaults(['const ${1:ch} = chan<${2:number}>(${3|0,1|});', 'log($1, \\$x, ${4:{ a: 1 \\}});$0']),
    'const ch = chan<number>(0);\nlog(ch, $x, { a: 1 });',
  );
});

test('every snippet type-checks with the runtime', () => {
  const failures = cases.flatMap((c) => diagnostics.get(path.resolve(c.file)) ?? []);
  const global = diagnostics.get(path.resolve('(global)')) ?? [];
  assert.deepEqual([...global, ...failures], []);
});

test('every snippet draws no finding from the checker', () => {
  const cli = path.join(root, 'dist/cli.js');
  assert.ok(fs.existsSync(cli), `the checker is not built: ${cli} is missing (npm run build)`);
  const control = path.join(dir, 'control.ts');
  const r = spawnSync(process.execPath, [cli, ...cases.map((c) => c.file), control, '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.ok(r.stdout.trim() !== '', `the checker printed nothing (exit ${r.status}): ${r.stderr}`);
  const findings = findingsOf(JSON.parse(r.stdout));
  assert.ok(
    findings.some((f) => f.startsWith('control.ts:') && f.includes('GR1001')),
    `the checker reports the control file's bug: ${findings.join('; ')}`,
  );
  assert.deepEqual(
    findings.filter((f) => !f.startsWith('control.ts:')),
    [],
    'findings in snippets',
  );
});

/** The findings of the CLI's JSON output, as "file:line code message" strings. */
function findingsOf(json: unknown): string[] {
  const list = Array.isArray(json)
    ? json
    : ['findings', 'diagnostics', 'results']
        .map((k) => (json as Record<string, unknown>)[k])
        .find((v): v is unknown[] => Array.isArray(v));
  assert.ok(list, `unrecognised checker JSON: ${JSON.stringify(json).slice(0, 200)}`);
  return list.map((f) => {
    const o = f as Record<string, unknown>;
    return `${path.basename(String(o.file ?? o.path ?? o.uri ?? '?'))}:${String(o.line ?? '?')} ${String(o.code ?? o.id ?? o.checkId ?? '')} ${String(o.message ?? '')}`;
  });
}

for (const language of ['ts', 'js'] as const) {
  test(`every whole-program snippet runs to completion with no goroutine left (${language})`, async () => {
    const programs = cases.filter((c) => c.pattern.program && c.language === language);
    assert.ok(programs.length >= 10, `${programs.length} programs`);
    const failures: string[] = [];
    // Two at a time: the machine is shared.
    const queue = [...programs];
    await Promise.all(
      [0, 1].map(async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const r = await runProgram(c);
          if (r.code !== 0) failures.push(`${c.key}: exit ${r.code}\n${r.output}`);
        }
      }),
    );
    assert.deepEqual(failures, []);
  });
}

test('the run check fails a program that leaves a goroutine blocked', async () => {
  const file = path.join(dir, 'leak.ts');
  const pattern = { name: 'leak', prefix: 'goleak', program: true };
  const source = expandDefaults([
    'const ch = chan<number>();',
    'go(async () => {',
    '  await ch.recv();',
    '});',
  ]);
  fs.writeFileSync(file, IMPORTS_TS + source + '\n' + epilogueFor(pattern) + '\n');
  const r = await runProgram({ key: 'leak', pattern, language: 'ts', file, firstLine: 1 });
  assert.notEqual(r.code, 0);
  assert.match(r.output, /goroutine 2 \[chan receive\]/);
});

function runProgram(c: Case): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    // Programs run as users run them: plain node and the built runtime (the test runner builds first);
    // TypeScript is transpiled first, which is much cheaper than a loader per process.
    let file = c.file;
    if (c.language === 'ts') {
      file = c.file.replace(/\.ts$/, '.run.mjs');
      const source = fs.readFileSync(c.file, 'utf8');
      const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
      fs.writeFileSync(file, ts.transpileModule(source, { compilerOptions }).outputText);
    }
    const args = [file];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const stop = stopWith[c.pattern.name];
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (stop && output.includes(stop.ready)) child.kill(stop.signal);
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // A program that never ends is a failure, reported with what it printed.
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code: code ?? signal ?? 'unknown', output });
    });
  });
}
