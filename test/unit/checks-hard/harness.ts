// Runs the whole-program checks (GR20xx, GR30xx) over a program of one or more files and compares
// their findings with the `// want "regex"` comments of its lines; applies their quick fixes for
// comparison with `.golden` files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Flow, Workspace } from '../../../server/src/analysis/index.js';
import {
  applyEdits,
  lineOf,
  ProgramContext,
  runProgramChecks,
  type Fix,
  type ProgramCheck,
} from '../../../server/src/analysis/program.js';
import { checkFile } from '../../../server/src/checks/run.js';

export const root = join(import.meta.dirname, '..', '..', '..');
export const checksDir = join(root, 'server', 'src', 'checks');

/** The check folders this harness owns: the whole-program checks. */
export function checkFolders(): string[] {
  return readdirSync(checksDir)
    .filter((d) => /^GR(20|30)\d\d-/.test(d))
    .sort()
    .map((d) => join(checksDir, d));
}

export async function loadChecks(): Promise<ProgramCheck[]> {
  const out: ProgramCheck[] = [];
  for (const dir of checkFolders()) {
    const mod = (await import(pathToFileURL(join(dir, 'check.ts')).href)) as { check: ProgramCheck };
    out.push(mod.check);
  }
  return out;
}

export interface Reported {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly finding: {
    readonly message: string;
    readonly related: readonly unknown[];
    readonly fixes: readonly Fix[];
  };
}

/** The source files of a program: one file, or every .ts file under a directory. */
export function programFiles(p: string): string[] {
  p = resolve(p);
  if (!statSync(p).isDirectory()) return [p];
  const out: string[] = [];
  for (const e of readdirSync(p).sort()) {
    const f = join(p, e);
    if (statSync(f).isDirectory()) out.push(...programFiles(f));
    else if (/\.(ts|mts|js|mjs)$/.test(e) && !e.endsWith('.d.ts')) out.push(f);
  }
  return out;
}

/** Every finding of `checks` over the program made of `files`. */
export function analyse(files: readonly string[], checks: readonly ProgramCheck[]): Reported[] {
  const ws = new Workspace();
  for (const f of files) ws.setText(f, readFileSync(f, 'utf8'));
  const ctx = new ProgramContext(ws);
  const out: Reported[] = [];
  const errors: string[] = [];
  for (const f of files) {
    const facts = ws.factsOf(f);
    if (!facts) continue;
    for (const { check, finding } of runProgramChecks(ctx, checks, facts, (m) => errors.push(m)))
      out.push({ id: check.meta.id, file: f, line: lineOf(finding.node), finding });
  }
  if (errors.length) throw new Error(errors.join('\n'));
  return out;
}

/** Every finding of every check (file checks and whole-program checks) over a program, as the product runs them. */
export function analyseAll(files: readonly string[]): Reported[] {
  const ws = new Workspace();
  for (const f of files) ws.setText(f, readFileSync(f, 'utf8'));
  const flow = new Flow(ws);
  const out: Reported[] = [];
  const errors: string[] = [];
  for (const f of files) {
    const sf = ws.getSourceFile(f);
    if (!sf) continue;
    for (const d of checkFile(ws, f, { flow, log: (m) => errors.push(m) }))
      out.push({
        id: d.checkId,
        file: f,
        line: sf.getLineAndCharacterOfPosition(d.start).line + 1,
        finding: d,
      });
  }
  if (errors.length) throw new Error(errors.join('\n'));
  return out;
}

/** `// want "re" "re2"` comments by file and line. */
export function wants(file: string): Map<number, RegExp[]> {
  const m = new Map<number, RegExp[]>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const w = /\/\/ want (".*")\s*$/.exec(text);
      if (!w) return;
      const res = [...w[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => new RegExp(x[1]!));
      m.set(i + 1, res);
    });
  return m;
}

/** Mismatches between findings and want comments, as readable lines (empty when they agree). */
export function compare(files: readonly string[], found: readonly Reported[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const w = wants(f);
    const here = found.filter((r) => r.file === f);
    for (const [line, res] of w) {
      const at = here.filter((r) => r.line === line);
      for (const re of res)
        if (!at.some((r) => re.test(r.finding.message)))
          problems.push(
            `${f}:${line}: missing diagnostic matching ${re} (got: ${at.map((r) => r.finding.message).join(' | ') || 'none'})`,
          );
    }
    for (const r of here) {
      const res = w.get(r.line) ?? [];
      if (!res.some((re) => re.test(r.finding.message)))
        problems.push(`${f}:${r.line}: unexpected ${r.id}: ${r.finding.message}`);
      // a whole-program check names the other party (the file checks speak of one goroutine)
      if (/^GR(20|30)\d\d$/.test(r.id) && !r.finding.related.length)
        problems.push(`${f}:${r.line}: ${r.id} names no other party`);
    }
  }
  return problems;
}

/** A file's text after applying the first quick fix of each finding in it. */
export function fixed(file: string, found: readonly Reported[]): string | undefined {
  const edits = found
    .filter((r) => r.file === file && r.finding.fixes.length)
    .flatMap((r) => r.finding.fixes[0]!.edits.filter((e) => e.fileName === file));
  if (!edits.length) return undefined;
  return applyEdits(readFileSync(file, 'utf8'), edits);
}

export interface CorpusCase {
  readonly cls: string;
  readonly name: string;
  readonly bug: string;
  readonly fixed: string;
  /** The files both import unchanged (none when the case has no shared/ folder). */
  readonly shared: string[];
}

/** The corpus cases: <dir>/<class>/<case>/bug and …/fixed. */
export function corpusCases(dir: string): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const cls of readdirSync(dir).sort()) {
    const cdir = join(dir, cls);
    if (!statSync(cdir).isDirectory()) continue;
    for (const name of readdirSync(cdir).sort()) {
      const d = join(cdir, name);
      if (statSync(join(d, 'bug'), { throwIfNoEntry: false })?.isDirectory())
        out.push({
          cls,
          name,
          bug: join(d, 'bug'),
          fixed: join(d, 'fixed'),
          shared: statSync(join(d, 'shared'), { throwIfNoEntry: false })?.isDirectory()
            ? programFiles(join(d, 'shared'))
            : [],
        });
    }
  }
  return out;
}
