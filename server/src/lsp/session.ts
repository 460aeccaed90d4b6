// The language server's logic, free of connection wiring: one Workspace per tsconfig (or a default
// one), editor buffers laid over disk, the last findings per document for code actions, and the
// conversion to LSP shapes. A document is analysed in steps: its own checks first (with the last
// whole-program findings carried over through the edit), then each whole-program check, so the editor
// sees diagnostics before the slow checks finish and a newer edit can cut the refinement short.
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ts } from 'ts-morph';
import type { CodeAction, Diagnostic, Hover, Range } from 'vscode-languageserver/node';
import { Flow, Workspace, findTsconfig } from '../analysis/index.js';
import { textChangeRange } from '../analysis/workspace.js';
import type { Check, Finding } from '../checks/check.js';
import { CHECKS, SUPPRESSION_CHECKS } from '../checks/index.js';
import { checkFile, findSuppressions, type RunOptions } from '../checks/run.js';
import { fileUri, toCodeAction, toDiagnostic } from './convert.js';
import { hoverAt } from './hover.js';
import { DEFAULT_SETTINGS, levelOf, severityOverride, type ServerSettings } from './settings.js';

interface Published {
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly (Diagnostic | undefined)[];
  /** The text the findings' offsets refer to. */
  readonly text: string;
}

/** Checks that look at the whole program (they build its index): run after the file's own checks. */
const PROGRAM_CHECKS = CHECKS.filter((c) => 'findings' in c);
const LOCAL_CHECKS = CHECKS.filter((c) => !('findings' in c));
const PROGRAM_IDS = new Set(PROGRAM_CHECKS.map((c) => c.meta.id));
const [UNUSED_SUPPRESSION, NO_REASON] = SUPPRESSION_CHECKS;

/** One analysis under way: the findings of each group of checks run so far, and the groups still to run. */
interface Pending {
  readonly uri: string;
  readonly fileName: string;
  readonly ws: Workspace;
  readonly parts: { checks: readonly Check[]; findings: Finding[] }[];
  readonly remaining: Check[];
}

export class CheckerSession {
  settings: ServerSettings = DEFAULT_SETTINGS;
  private readonly workspaces = new Map<string, Workspace>();
  private readonly wsOfFile = new Map<string, Workspace>();
  private readonly untitled = new Map<string, string>(); // fileName → uri
  private readonly published = new Map<string, Published>();
  private flows = new WeakMap<Workspace, Flow>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly log: (message: string) => void) {}

  fileNameOf(uri: string): string {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
    const name = join(tmpdir(), 'goroutines-untitled', uri.replace(/[^A-Za-z0-9._-]+/g, '_'));
    const fileName = /\.[cm]?[jt]sx?$/.test(name) ? name : `${name}.ts`;
    this.untitled.set(fileName, uri);
    return fileName;
  }

  uriOf = (fileName: string): string => this.untitled.get(fileName) ?? fileUri(fileName);

  private workspaceFor(fileName: string): Workspace {
    const known = this.wsOfFile.get(fileName);
    if (known) return known;
    const tsconfig = this.untitled.has(fileName) ? undefined : findTsconfig(dirname(fileName));
    const key = tsconfig ?? '';
    let ws = this.workspaces.get(key);
    if (!ws) {
      const t0 = Date.now();
      ws = new Workspace({ ...(tsconfig ? { tsconfig } : {}), log: this.log });
      this.workspaces.set(key, ws);
      this.log(`project ${tsconfig ?? '(no tsconfig)'}: ${ws.files().length} files (${Date.now() - t0} ms)`);
    }
    this.wsOfFile.set(fileName, ws);
    return ws;
  }

  /** The editor's text for a document. */
  update(uri: string, text: string): void {
    const fileName = this.fileNameOf(uri);
    const ws = this.workspaceFor(fileName);
    ws.setText(fileName, text);
    this.flows.delete(ws);
    this.dropPending(ws);
  }

  /** Analyses under way in a workspace that changed would mix two states of the program. */
  private dropPending(ws: Workspace): void {
    for (const [uri, p] of this.pending) if (p.ws === ws) this.pending.delete(uri);
  }

  /** The editor closed a document: back to the file on disk (or gone, for untitled buffers). */
  close(uri: string): void {
    const fileName = this.fileNameOf(uri);
    const ws = this.workspaceFor(fileName);
    if (this.untitled.has(fileName)) ws.remove(fileName);
    else ws.reload(fileName);
    this.flows.delete(ws);
    this.dropPending(ws);
    this.published.delete(uri);
  }

  /** Runs the enabled checks over a document and returns its diagnostics. */
  analyze(uri: string): Diagnostic[] {
    this.begin(uri);
    for (;;) {
      const done = this.step(uri);
      if (done) return done;
    }
  }

  /**
   * Starts analysing a document: runs its own checks and returns diagnostics made of their findings
   * and the last whole-program findings moved through the edit (dropped where the edit touched them).
   * `step()` then refines.
   */
  begin(uri: string): Diagnostic[] {
    this.pending.delete(uri);
    if (!this.settings.enable) {
      this.published.delete(uri);
      return [];
    }
    const fileName = this.fileNameOf(uri);
    const ws = this.workspaceFor(fileName);
    const local = checkFile(ws, fileName, this.runOptions(ws, LOCAL_CHECKS));
    this.pending.set(uri, {
      uri,
      fileName,
      ws,
      parts: [{ checks: LOCAL_CHECKS, findings: local }],
      remaining: [...PROGRAM_CHECKS],
    });
    const text = ws.getSourceFile(fileName)?.text ?? '';
    const before = this.published.get(uri);
    const change = before && textChangeRange(before.text, text);
    const carried =
      before && change
        ? before.findings.flatMap((f) => (PROGRAM_IDS.has(f.checkId) ? moved(f, change) : []))
        : [];
    return this.publishFindings(
      uri,
      ws,
      [...local, ...carried].sort((a, b) => a.start - b.start),
      text,
    );
  }

  /** Runs the next whole-program check of the analysis begun for `uri`; the final diagnostics once all have run. */
  step(uri: string): Diagnostic[] | undefined {
    const p = this.pending.get(uri);
    if (!p) return undefined;
    const check = p.remaining.shift();
    if (check) {
      p.parts.push({
        checks: [check],
        findings: checkFile(p.ws, p.fileName, this.runOptions(p.ws, [check])),
      });
      if (p.remaining.length) return undefined;
    }
    this.pending.delete(uri);
    const sf = p.ws.getSourceFile(p.fileName);
    return this.publishFindings(uri, p.ws, sf ? mergeParts(sf, p.parts) : [], sf?.text ?? '');
  }

  /** Whether the analysis of `uri` has steps left. */
  refining(uri: string): boolean {
    return this.pending.has(uri);
  }

  private runOptions(ws: Workspace, checks: readonly Check[]): RunOptions {
    let flow = this.flows.get(ws);
    if (!flow) this.flows.set(ws, (flow = new Flow(ws)));
    const settings = this.settings;
    return {
      flow,
      log: this.log,
      checks,
      enabled: (m) => levelOf(settings, m) !== 'off',
      severity: (m) => severityOverride(settings, m),
    };
  }

  private publishFindings(uri: string, ws: Workspace, findings: Finding[], text: string): Diagnostic[] {
    const settings = this.settings;
    const lookup = (f: string) => ws.getSourceFile(f);
    // the configured level, so `hint` is a hint in the editor (findings only know error/warning/info)
    const diagnostics = findings.map((f, i) =>
      toDiagnostic(f, i, lookup, this.uriOf, levelOf(settings, { id: f.checkId, name: f.checkName })),
    );
    this.published.set(uri, { findings, diagnostics, text });
    return diagnostics.filter((d): d is Diagnostic => !!d);
  }

  /** Quick fixes for the diagnostics in a range. */
  codeActions(uri: string, range: Range): CodeAction[] {
    const pub = this.published.get(uri);
    if (!pub) return [];
    const ws = this.workspaceFor(this.fileNameOf(uri));
    const lookup = (f: string) => ws.getSourceFile(f);
    const out: CodeAction[] = [];
    pub.findings.forEach((f, i) => {
      const d = pub.diagnostics[i];
      if (!d || !overlaps(d.range, range)) return;
      f.fixes.forEach((fix, j) => {
        const a = toCodeAction(fix, d, lookup, this.uriOf, j === 0);
        if (a) out.push(a);
      });
    });
    return out;
  }

  hover(uri: string, line: number, character: number): Hover | undefined {
    const fileName = this.fileNameOf(uri);
    const ws = this.workspaceFor(fileName);
    const sf = ws.getSourceFile(fileName);
    if (!sf) return undefined;
    let flow = this.flows.get(ws);
    if (!flow) this.flows.set(ws, (flow = new Flow(ws)));
    const offset = sf.getPositionOfLineAndCharacter(line, Math.min(character, lineLength(sf.text, line)));
    return hoverAt(ws, flow, sf, offset);
  }

  /** Other open documents whose findings may depend on `uri` (same project). */
  sameProject(uri: string, open: readonly string[]): string[] {
    const ws = this.workspaceFor(this.fileNameOf(uri));
    return open.filter((u) => u !== uri && this.workspaceFor(this.fileNameOf(u)) === ws);
  }
}

/**
 * The findings of checks run in groups, as one run over all of them gives (checks/run.ts): findings
 * in position order, then the suppression diagnostics, where a suppression is unused only when no
 * group that knows one of its checks used it.
 */
function mergeParts(
  sf: ts.SourceFile,
  parts: readonly { checks: readonly Check[]; findings: Finding[] }[],
): Finding[] {
  const isSuppression = (f: Finding) => f.checkId === UNUSED_SUPPRESSION.id || f.checkId === NO_REASON.id;
  const findings = parts
    .flatMap((p) => p.findings.filter((f) => !isSuppression(f)))
    .sort((a, b) => a.start - b.start || a.checkId.localeCompare(b.checkId));
  const sups = findSuppressions(sf);
  const suppressions: Finding[] = [];
  for (const s of sups) {
    const at = (p: { findings: Finding[] }, id: string) =>
      p.findings.find((f) => f.checkId === id && f.start === s.start);
    const noReason = at(parts[0]!, NO_REASON.id);
    if (noReason) {
      suppressions.push(noReason);
      continue;
    }
    const knowing = parts.filter((p) =>
      p.checks.some((c) => s.ids.includes(c.meta.id) || s.ids.includes(c.meta.name)),
    );
    const unused = knowing.map((p) => at(p, UNUSED_SUPPRESSION.id));
    if (knowing.length && unused.every((f) => f)) suppressions.push(unused[0]!);
  }
  return [...findings, ...suppressions].sort((a, b) => a.start - b.start);
}

/** A finding moved through a change of its file's text, or none when the change touches it. */
function moved(f: Finding, { span, newLength }: ts.TextChangeRange): Finding[] {
  const start = span.start;
  const oldEnd = span.start + span.length;
  const delta = newLength - span.length;
  const map = (pos: number, end: number): [number, number] | undefined =>
    end < start ? [pos, end] : pos > oldEnd ? [pos + delta, end + delta] : undefined;
  const at = map(f.start, f.end);
  if (!at) return [];
  return [
    {
      ...f,
      start: at[0],
      end: at[1],
      related: f.related.flatMap((r) => {
        if (r.fileName !== f.fileName) return [r];
        const m = map(r.start, r.end);
        return m ? [{ ...r, start: m[0], end: m[1] }] : [];
      }),
      // a fix is offered again once the whole-program checks have run over the new text
      fixes: [],
    },
  ];
}

function lineLength(text: string, line: number): number {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return 0;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return (end < 0 ? text.length : end) - start;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
