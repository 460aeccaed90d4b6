// The language server's logic, free of connection wiring: one Workspace per tsconfig (or a default
// one), editor buffers laid over disk, the last findings per document for code actions, and the
// conversion to LSP shapes.
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic, Hover, Range } from 'vscode-languageserver/node';
import { Flow, Workspace, findTsconfig } from '../analysis/index.js';
import type { Finding } from '../checks/check.js';
import { checkFile } from '../checks/run.js';
import { fileUri, toCodeAction, toDiagnostic } from './convert.js';
import { hoverAt } from './hover.js';
import { DEFAULT_SETTINGS, levelOf, severityOverride, type ServerSettings } from './settings.js';

interface Published {
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly (Diagnostic | undefined)[];
}

export class CheckerSession {
  settings: ServerSettings = DEFAULT_SETTINGS;
  private readonly workspaces = new Map<string, Workspace>();
  private readonly wsOfFile = new Map<string, Workspace>();
  private readonly untitled = new Map<string, string>(); // fileName → uri
  private readonly published = new Map<string, Published>();
  private flows = new WeakMap<Workspace, Flow>();

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
  }

  /** The editor closed a document: back to the file on disk (or gone, for untitled buffers). */
  close(uri: string): void {
    const fileName = this.fileNameOf(uri);
    const ws = this.workspaceFor(fileName);
    if (this.untitled.has(fileName)) ws.remove(fileName);
    else ws.reload(fileName);
    this.flows.delete(ws);
    this.published.delete(uri);
  }

  /** Runs the enabled checks over a document and returns its diagnostics. */
  analyze(uri: string): Diagnostic[] {
    if (!this.settings.enable) {
      this.published.delete(uri);
      return [];
    }
    const fileName = this.fileNameOf(uri);
    const ws = this.workspaceFor(fileName);
    let flow = this.flows.get(ws);
    if (!flow) this.flows.set(ws, (flow = new Flow(ws)));
    const settings = this.settings;
    const findings = checkFile(ws, fileName, {
      flow,
      log: this.log,
      enabled: (m) => levelOf(settings, m) !== 'off',
      severity: (m) => severityOverride(settings, m),
    });
    const lookup = (f: string) => ws.getSourceFile(f);
    // the configured level, so `hint` is a hint in the editor (findings only know error/warning/info)
    const diagnostics = findings.map((f, i) =>
      toDiagnostic(f, i, lookup, this.uriOf, levelOf(settings, { id: f.checkId, name: f.checkName })),
    );
    this.published.set(uri, { findings, diagnostics });
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
