// goroutines-check: the checker for CI and the terminal.
//   goroutines-check [paths…] [--format text|json|sarif] [--fix] [--project tsconfig.json] [--progress]
// Exit status: 0 no findings, 1 findings, 2 usage or setup errors.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { Flow, Workspace, findTsconfig, tsconfigFileNames } from './analysis/index.js';
import type { Finding } from './checks/check.js';
import { allMetas, checkFile } from './checks/run.js';
import { applyFixes } from './fix.js';
import { VERSION } from './links.js';
import { formatJson, formatSarif, formatText, type Located } from './report.js';

const USAGE = `usage: goroutines-check [paths...] [--format text|json|sarif] [--fix] [--project tsconfig.json] [--progress]

Checks TypeScript and JavaScript files that use the goroutines runtime for concurrency bugs.
  paths          files or directories to check (default: the current directory)
  --format, -f   text (default), json or sarif (SARIF 2.1.0)
  --fix          apply the safe quick fixes, then report what remains
  --project, -p  the tsconfig.json to take compiler options and files from (default: the nearest one)
  --progress     show progress on stderr (the default when stderr is a terminal)
  --version      print the version
exit status: 0 no findings, 1 findings, 2 usage error`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  project: string | undefined;
  progress: boolean;
}

function parse(argv: string[]): Options | 'help' | 'version' {
  const o: Options = {
    paths: [],
    format: 'text',
    fix: false,
    project: undefined,
    progress: !!process.stderr.isTTY,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('-')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--version':
        return 'version';
      case '-f':
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif')
          throw new UsageError(`unknown format "${v}": use text, json or sarif`);
        o.format = v;
        break;
      }
      case '--fix':
        o.fix = true;
        break;
      case '-p':
      case '--project':
        o.project = value();
        break;
      case '--progress':
        o.progress = true;
        break;
      case '--no-progress':
        o.progress = false;
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        o.paths.push(a);
    }
  }
  return o;
}

function main(argv: string[]): number {
  let opts: Options | 'help' | 'version';
  try {
    opts = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`goroutines-check: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (opts === 'version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const cwd = process.cwd();
  const paths = (opts.paths.length ? opts.paths : ['.']).map((p) => resolve(cwd, p));
  for (const p of paths)
    if (!existsSync(p)) {
      process.stderr.write(`goroutines-check: no such file or directory: ${p}\n`);
      return 2;
    }
  const project = opts.project ? resolve(cwd, opts.project) : findTsconfig(paths[0]!);
  if (opts.project && !existsSync(project!)) {
    process.stderr.write(`goroutines-check: no such tsconfig: ${project}\n`);
    return 2;
  }
  const errors: string[] = [];
  // the tsconfig gives compiler options and, inside the given directories, which files count
  // (its excludes hold); imports are followed from there, so nothing else is parsed
  const ws = new Workspace({
    ...(project ? { tsconfig: project } : {}),
    tsconfigFiles: false,
    log: (m) => errors.push(m),
  });
  const listed = project ? tsconfigFileNames(project) : [];
  let files: string[] = [];
  for (const p of paths) {
    if (!statSync(p).isDirectory()) {
      files.push(p);
      continue;
    }
    const prefix = p.endsWith(sep) ? p : p + sep;
    const inside = listed.filter((f) => f.startsWith(prefix) && !f.endsWith('.d.ts'));
    if (inside.length) files.push(...inside);
    else {
      ws.addPath(p);
      files.push(...ws.files().filter((f) => f.startsWith(prefix)));
    }
  }
  for (const f of files) ws.addPath(f);
  // a file the parser cannot take (nested too deeply for its stack) is named, and the rest checked
  for (const [f, why] of ws.skipped)
    process.stderr.write(`goroutines-check: warning: ${relative(cwd, f)}: not analysed: ${why}\n`);
  files = files.filter((f) => !ws.skipped.has(f));
  files.sort();

  let findings = run(ws, files, opts.progress, errors);
  if (opts.fix) {
    const byFile = new Map<string, Finding[]>();
    for (const f of findings)
      if (f.fixes.length) byFile.set(f.fileName, [...(byFile.get(f.fileName) ?? []), f]);
    let fixed = 0;
    for (const [file, list] of byFile) {
      const text = readFileSync(file, 'utf8');
      const edits = list.flatMap((f) => f.fixes[0]!.edits.filter((e) => e.fileName === file));
      const next = applyFixes(text, edits);
      if (next !== text) {
        writeFileSync(file, next);
        ws.setText(file, next);
        fixed += list.length;
      }
    }
    if (fixed) {
      process.stderr.write(
        `goroutines-check: fixed ${fixed} finding${fixed === 1 ? '' : 's'} in ${byFile.size} file${byFile.size === 1 ? '' : 's'}\n`,
      );
      findings = run(ws, files, false, errors);
    }
  }
  for (const e of errors) process.stderr.write(`goroutines-check: internal error: ${e}\n`);

  const lookup = (f: string) => ws.getSourceFile(f);
  const located: Located[] = findings
    .map((f) => ({ finding: f, sf: lookup(f.fileName)! }))
    .filter((l) => l.sf);
  const base = project ? resolve(project, '..') : cwd;
  const relBase = opts.format === 'sarif' ? (gitRoot(base) ?? base) : cwd;
  if (opts.format === 'text') {
    process.stdout.write(formatText(located, relBase));
    const n = located.length;
    process.stderr.write(
      `goroutines-check: ${n} finding${n === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}\n`,
    );
  } else if (opts.format === 'json') process.stdout.write(formatJson(located, relBase, lookup));
  else process.stdout.write(formatSarif(located, relBase, allMetas(), lookup));
  return located.length ? 1 : 0;
}

function run(ws: Workspace, files: string[], progress: boolean, errors: string[]): Finding[] {
  const flow = new Flow(ws);
  const out: Finding[] = [];
  let last = 0;
  files.forEach((file, i) => {
    if (progress && Date.now() - last > 100) {
      last = Date.now();
      process.stderr.write(`\rgoroutines-check: ${i + 1}/${files.length} files`);
    }
    try {
      out.push(...checkFile(ws, file, { flow, log: (m) => errors.push(m) }));
    } catch (e) {
      errors.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  if (progress) process.stderr.write('\r\x1b[K');
  return out;
}

/** The repository root above a directory, so SARIF paths are repository-relative. */
function gitRoot(dir: string): string | undefined {
  for (let d = dir; ;) {
    if (existsSync(resolve(d, '.git'))) return d;
    const up = resolve(d, '..');
    if (up === d) return undefined;
    d = up;
  }
}

// `goroutines-check | head`: a closed pipe ends the output, not with a stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 1);
  throw e;
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`goroutines-check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
}
