// The project model: one ts-morph Project per workspace (tsconfig-aware, JavaScript too), editor
// buffers laid over the files on disk, and facts computed per file on demand and cached until that
// file, or a file its facts resolved into, changes.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Project, ts } from 'ts-morph';
import {
  computeFileFacts,
  type FactsReuse,
  type FileFacts,
  type FunctionFacts,
  forgetResolutions,
  isFunctionLike,
  replacedByLocalEdit,
} from './facts.js';
import { isRuntimeSpecifier, mentionsRuntime } from './runtime-api.js';

export interface WorkspaceOptions {
  /** A tsconfig.json to take files and compiler options from. */
  tsconfig?: string;
  /** Extra files or directories to include (directories are walked for .ts/.tsx/.js/.mjs/.cjs/.mts/.cts). */
  paths?: string[];
  /** Whether the tsconfig's own files are roots of the project (default true); false takes only its options. */
  tsconfigFiles?: boolean;
  /** Logs engine errors (the engine never throws at its callers for bad input). */
  log?: (message: string) => void;
}

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Source files under a directory, in name order, leaving out node_modules, dist, dot-directories and .d.ts. */
function sourceFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist') walk(full);
      } else if (SOURCE_EXT.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowJs: true,
  checkJs: false,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  customConditions: ['development'],
  lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
};

/** The part of ts-morph's document registry that creates a file's syntax tree from a new text. */
interface Registry {
  createOrUpdateSourceFile(
    fileName: string,
    settings: ts.CompilerOptions,
    snapshot: ts.IScriptSnapshot,
    scriptKind: ts.ScriptKind | undefined,
  ): ts.SourceFile;
}

/** The one range where two texts differ (common prefix and suffix excluded), as a change of `before`. */
export function textChangeRange(before: string, after: string): ts.TextChangeRange {
  const n = Math.min(before.length, after.length);
  let start = 0;
  while (start < n && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < n - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  )
    tail++;
  return {
    span: { start, length: before.length - tail - start },
    newLength: after.length - tail - start,
  };
}

/** A change of a file confined to one function body (see enclosingBody). */
interface LocalEdit {
  readonly range: ts.TextChangeRange;
  /** The changed function body, in the file's current text (moved by later edits). */
  body: { readonly start: number; readonly end: number };
}

/** Where a change sits in the tree before it: the function whose body holds it. */
interface EnclosingBody {
  /** Start of the function (it precedes the change, so it does not move). */
  readonly start: number;
  readonly kind: ts.SyntaxKind;
  /** Start of its body's `{` and the body's end, in the old text. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** Its result type is not written but inferred as void: the changed body must keep returning no value. */
  readonly returnsNothing: boolean;
}

/**
 * The outermost function whose body strictly holds a change (inside its braces), when nothing
 * outside that function can see the change: its result type is written out (or it has none, or it
 * returns no value, see returnsNoValue), and
 * the file is TypeScript (JavaScript infers class fields from assignments in bodies). Declarations
 * inside a body are scoped to it, so other functions resolve every name as before.
 */
export function enclosingBody(sf: ts.SourceFile, range: ts.TextChangeRange): EnclosingBody | undefined {
  if (isJs(sf.fileName)) return undefined;
  const start = range.span.start;
  const end = start + range.span.length;
  let outer: ts.FunctionLikeDeclaration | undefined;
  let n: ts.Node = sf;
  for (;;) {
    const child: ts.Node | undefined = n.forEachChild((c) =>
      c.pos <= start && end <= c.end ? c : undefined,
    );
    if (!child) break;
    if (isFunctionLike(child) && !outer) outer = child;
    n = child;
  }
  const body = outer?.body;
  if (!outer || !body || !ts.isBlock(body)) return undefined;
  const bodyStart = body.getStart(sf);
  // strictly between the braces
  if (start <= bodyStart || end >= body.end) return undefined;
  const typed =
    !!outer.type ||
    ts.isConstructorDeclaration(outer) ||
    ts.isSetAccessorDeclaration(outer) ||
    (ts.isVariableDeclaration(outer.parent) && !!outer.parent.type);
  const returnsNothing = !typed && returnsNoValue(outer);
  if (!typed && !returnsNothing) return undefined;
  return { start: outer.getStart(sf), kind: outer.kind, bodyStart, bodyEnd: body.end, returnsNothing };
}

/**
 * A function declaration or method, not a generator, with no `return <value>` in its own body: its
 * inferred result type is `void` (`Promise<void>` when async) whatever the body holds, as long as
 * that stays true. (Function expressions and arrows are left out: theirs can become `never`.)
 */
function returnsNoValue(fn: ts.FunctionLikeDeclaration): boolean {
  if (!(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) || fn.asteriskToken || !fn.body)
    return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) found = true;
    else n.forEachChild(visit);
  };
  fn.body.forEachChild(visit);
  return !found;
}

/** The same function at the same place in the updated tree, its body holding the whole change. */
function sameBody(
  sf: ts.SourceFile,
  range: ts.TextChangeRange,
  before: EnclosingBody,
): ts.FunctionLikeDeclaration | undefined {
  const delta = range.newLength - range.span.length;
  let n: ts.Node = sf;
  for (;;) {
    const child: ts.Node | undefined = n.forEachChild((c) =>
      c.pos <= before.start && before.start < c.end ? c : undefined,
    );
    if (!child) return undefined;
    if (isFunctionLike(child) && child.getStart(sf) === before.start) {
      const body = child.body;
      const same =
        child.kind === before.kind &&
        !!body &&
        ts.isBlock(body) &&
        body.getStart(sf) === before.bodyStart &&
        body.end === before.bodyEnd + delta &&
        range.span.start > before.bodyStart &&
        range.span.start + range.newLength < body.end &&
        (!before.returnsNothing || returnsNoValue(child));
      return same ? child : undefined;
    }
    n = child;
  }
}

function isJs(fileName: string): boolean {
  return /\.(js|jsx|mjs|cjs)$/.test(fileName);
}

interface Cached {
  sf: ts.SourceFile;
  facts: FileFacts;
  deps: Set<string>;
}

export class Workspace {
  readonly project: Project;
  private readonly log: (message: string) => void;
  private readonly cache = new Map<string, Cached>();
  private program: ts.Program | undefined;
  /** Files changed since each cached entry was computed, by file name. */
  private readonly versions = new Map<string, number>();
  private generation = 0;

  constructor(opts: WorkspaceOptions = {}) {
    this.log = opts.log ?? (() => {});
    if (opts.tsconfig && existsSync(opts.tsconfig)) {
      this.project = new Project({
        tsConfigFilePath: opts.tsconfig,
        skipAddingFilesFromTsConfig: opts.tsconfigFiles === false,
        compilerOptions: { allowJs: true, noEmit: true },
      });
    } else {
      this.project = new Project({ compilerOptions: DEFAULT_OPTIONS, skipAddingFilesFromTsConfig: true });
    }
    this.parseIncrementally();
    for (const p of opts.paths ?? []) this.addPath(resolve(p));
  }

  /**
   * Files that could not be parsed (a syntax tree too deep for the parser's stack, say), with why:
   * they are left out of the analysis, and every other file is analysed as usual.
   */
  readonly skipped = new Map<string, string>();

  /** Adds a file or a directory tree (skipping node_modules, dist and dot-directories). */
  addPath(p: string): void {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const f of sourceFilesUnder(p)) this.addFile(f);
    } else if (SOURCE_EXT.test(p)) this.addFile(p);
    forgetResolutions();
    this.invalidateProgram();
  }

  private addFile(file: string): void {
    if (this.project.getSourceFile(file)) return;
    try {
      this.project.addSourceFileAtPathIfExists(file);
      this.skipped.delete(file);
    } catch (e) {
      const why = e instanceof RangeError ? `${e.message} (nested too deeply to parse)` : String(e);
      this.skipped.set(file, why);
    }
  }

  /** The source files of the project (not declaration files, not node_modules). */
  files(): string[] {
    return this.project
      .getSourceFiles()
      .map((s) => s.getFilePath() as string)
      .filter((f) => !f.endsWith('.d.ts') && !/[\\/]node_modules[\\/]/.test(f));
  }

  /**
   * Lays editor text over a file (creating it when it is not on disk). A file already in the
   * project is re-parsed incrementally: only the region that differs from its previous text is
   * parsed again, the syntax trees around it are reused (and shifted), as in TypeScript's language
   * service. Nodes of the previous version of the file must not be used after this.
   */
  setText(fileName: string, text: string): void {
    const existing = this.project.getSourceFile(fileName);
    const old = existing?.compilerNode;
    if (old && old.text === text) return;
    const range = old && textChangeRange(old.text, text);
    // read before the update: updating a tree shifts the nodes it reuses
    const within = old && range && enclosingBody(old, range);
    this.incremental = old && range && { old, range };
    let created: ts.SourceFile;
    try {
      // overwriting is cheaper than replaceWithText, which walks the wrapped nodes we never use
      created = this.project.createSourceFile(fileName, text, { overwrite: true }).compilerNode;
    } finally {
      this.incremental = undefined;
    }
    const fn = old && range && within && created !== old ? sameBody(created, range, within) : undefined;
    const edit = fn?.body && range ? { range, body: { start: fn.body.pos, end: fn.body.end } } : undefined;
    if (edit) replacedByLocalEdit(old!, fn!.body!);
    this.touched(fileName, edit);
  }

  /** The file being re-parsed by setText: its previous tree and the range of text that changed. */
  private incremental: { old: ts.SourceFile; range: ts.TextChangeRange } | undefined;

  /**
   * ts-morph parses every new text of a file from scratch (its document registry); this makes the
   * registry update the previous tree instead while setText is under way.
   */
  private parseIncrementally(): void {
    const registry = (
      this.project as unknown as { _context?: { compilerFactory?: { documentRegistry?: Registry } } }
    )._context?.compilerFactory?.documentRegistry;
    if (!registry || typeof registry.createOrUpdateSourceFile !== 'function') return;
    const full = registry.createOrUpdateSourceFile.bind(registry);
    registry.createOrUpdateSourceFile = (fileName, settings, snapshot, scriptKind) => {
      const inc = this.incremental;
      // setText never asks for another kind of script than the file's
      if (!inc || inc.old.fileName !== fileName || scriptKind !== undefined)
        return full(fileName, settings, snapshot, scriptKind);
      try {
        const version = String((Number((inc.old as { version?: string }).version) || 0) + 1);
        return ts.updateLanguageServiceSourceFile(inc.old, snapshot, version, inc.range);
      } catch (e) {
        this.log(`incremental parse of ${fileName} failed, parsing it again: ${String(e)}`);
        return full(fileName, settings, snapshot, scriptKind);
      }
    };
  }

  /** Drops a file from the project (an unsaved buffer closed). */
  remove(fileName: string): void {
    const sf = this.project.getSourceFile(fileName);
    if (sf) this.project.removeSourceFile(sf);
    this.touched(fileName);
  }

  /** Reloads a file from disk (the editor closed it). */
  reload(fileName: string): void {
    const sf = this.project.getSourceFile(fileName);
    if (sf) {
      try {
        void sf.refreshFromFileSystemSync();
      } catch (e) {
        this.log(`reload ${fileName}: ${String(e)}`);
      }
    } else if (existsSync(fileName)) this.project.addSourceFileAtPath(fileName);
    this.touched(fileName);
  }

  /**
   * Records a change of a file. `edit` is given for a change confined to the body of a function
   * whose type it cannot change (see enclosingBody): the facts of the file's other functions stay
   * true through it, so they are carried over (shifted) rather than recomputed.
   */
  private touched(fileName: string, edit?: LocalEdit): void {
    const key = resolve(fileName);
    this.generation++;
    this.versions.set(key, this.generation);
    const edits = this.localEdits.get(key);
    if (edit && edits) {
      // the bodies changed before, moved through this edit (it is inside one of them or apart)
      const { start, length } = edit.range.span;
      const delta = edit.range.newLength - length;
      for (const e of edits)
        if (start + length <= e.body.start) e.body = { start: e.body.start + delta, end: e.body.end + delta };
        else if (start < e.body.end) e.body = { start: e.body.start, end: e.body.end + delta };
      edits.push(edit);
    } else if (!edit) this.localEdits.delete(key);
    if (!edit) forgetResolutions();
    this.invalidateProgram();
  }

  /** Per file: the body-local edits made since its cached facts were computed (absent: none can be reused). */
  private readonly localEdits = new Map<string, LocalEdit[]>();

  private invalidateProgram(): void {
    this.program = undefined;
  }

  /** The compiler program (rebuilt after a change, reusing every unchanged file). */
  getProgram(): ts.Program {
    this.program ??= this.project.getProgram().compilerObject;
    return this.program;
  }

  getChecker(): ts.TypeChecker {
    return this.getProgram().getTypeChecker();
  }

  getSourceFile(fileName: string): ts.SourceFile | undefined {
    return this.getProgram().getSourceFile(resolve(fileName)) ?? this.getProgram().getSourceFile(fileName);
  }

  /** Facts of a file; files that do not import the runtime get empty facts without any type work. */
  factsOf(fileName: string): FileFacts | undefined {
    const sf = this.getSourceFile(fileName);
    if (!sf) return undefined;
    const key = resolve(sf.fileName);
    const cached = this.cache.get(key);
    if (
      cached &&
      cached.sf === sf &&
      ![...cached.deps].some((d) => (this.versions.get(d) ?? 0) > this.generationOf(cached))
    )
      return cached.facts;
    const facts = this.compute(sf, cached && this.reusable(key, cached));
    this.localEdits.set(key, []);
    const deps = new Set<string>();
    for (const op of facts.ops) {
      const d = op.callee ?? op.spawned;
      if (d) deps.add(resolve(d.getSourceFile().fileName));
      if (op.target?.decl) deps.add(resolve(op.target.decl.getSourceFile().fileName));
    }
    deps.delete(key);
    const entry: Cached & { gen: number } = { sf, facts, deps, gen: this.generation };
    this.cache.set(key, entry);
    return facts;
  }

  private generationOf(c: Cached): number {
    return (c as Cached & { gen: number }).gen;
  }

  /**
   * How the cached facts of a file carry over to its current text: when every change since they
   * were computed was a body-local edit of this file (no other file changed), positions map through
   * those edits; otherwise undefined.
   */
  private reusable(key: string, cached: Cached): FactsReuse | undefined {
    const edits = this.localEdits.get(key);
    const gen = this.generationOf(cached);
    if (!edits?.length || !cached.facts.usesRuntime) return undefined;
    for (const [f, v] of this.versions) if (f !== key && v > gen) return undefined;
    return {
      previous: cached.facts,
      changed: (n) => edits.some(({ body }) => body.start <= n.pos && n.end <= body.end),
      position(pos) {
        let p: number | undefined = pos;
        for (const { range } of edits) {
          const start = range.span.start;
          const oldEnd = start + range.span.length;
          if (p < start) continue;
          if (p < oldEnd || (p === start && range.span.length === 0 && range.newLength > 0)) return undefined;
          p += range.newLength - range.span.length;
        }
        return p;
      },
    };
  }

  private compute(sf: ts.SourceFile, reuse?: FactsReuse): FileFacts {
    const uses = importsRuntime(sf, (spec) => this.localModule(sf, spec));
    try {
      return computeFileFacts(
        uses ? this.getChecker() : (undefined as unknown as ts.TypeChecker),
        sf,
        uses,
        uses ? reuse : undefined,
      );
    } catch (e) {
      this.log(
        `analysis of ${sf.fileName} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      return computeFileFacts(undefined as unknown as ts.TypeChecker, sf, false);
    }
  }

  private localModule(from: ts.SourceFile, spec: string): ts.SourceFile | undefined {
    if (!spec.startsWith('.')) return undefined;
    const base = resolve(dirname(from.fileName), spec);
    const stem = base.replace(/\.(m|c)?js$/, '');
    for (const c of [
      base,
      `${stem}.ts`,
      `${stem}.mts`,
      `${stem}.tsx`,
      `${stem}.js`,
      `${stem}.mjs`,
      join(base, 'index.ts'),
      join(base, 'index.js'),
    ]) {
      const sf = this.getSourceFile(c);
      if (sf) return sf;
    }
    return undefined;
  }

  /** The facts of the function a declaration (from any file of the project) denotes. */
  functionFacts(decl: ts.Node): FunctionFacts | undefined {
    if (!isFunctionLike(decl) && !ts.isSourceFile(decl)) return undefined;
    return this.factsOf(decl.getSourceFile().fileName)?.functionOf(decl);
  }
}

/**
 * Whether a file imports the runtime: the cheap text test first, then its import and require
 * declarations (a re-exporting module of the project counts when it mentions the runtime itself).
 */
export function importsRuntime(
  sf: ts.SourceFile,
  localModule?: (spec: string) => ts.SourceFile | undefined,
  seen = new Set<ts.SourceFile>(),
): boolean {
  seen.add(sf);
  const text = sf.text;
  const direct = mentionsRuntime(text);
  for (const st of sf.statements) {
    if (
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
    ) {
      const spec = st.moduleSpecifier.text;
      if (direct && isRuntimeSpecifier(spec)) return true;
      // a module of the project that re-exports the runtime
      if (localModule && spec.startsWith('.') && seen.size < 8) {
        const m = localModule(spec);
        if (m && !seen.has(m) && mentionsRuntime(m.text) && importsRuntime(m, undefined, seen)) return true;
      }
    }
  }
  return direct && /require\(\s*['"]goroutines['"]\s*\)|import\(\s*['"]goroutines['"]\s*\)/.test(text);
}

/** The files a tsconfig.json includes, without reading them. */
export function tsconfigFileNames(tsconfig: string): string[] {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) return [];
  return ts
    .parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig))
    .fileNames.map((f) => resolve(f));
}

/** The tsconfig.json nearest to a path, walking up. */
export function findTsconfig(from: string): string | undefined {
  let dir = resolve(from);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    const p = join(dir, 'tsconfig.json');
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
