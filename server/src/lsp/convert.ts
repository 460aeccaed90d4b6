// Findings to LSP: diagnostics with stable codes, links to the check's doc, related information;
// quick fixes to workspace edits.
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { ts } from 'ts-morph';
import type { Finding, Fix } from '../checks/check.js';
import { docUrl } from '../links.js';
import type { SeveritySetting } from './settings.js';

export type Lookup = (fileName: string) => ts.SourceFile | undefined;

export function rangeOf(sf: ts.SourceFile, start: number, end: number): Range {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toDiagnostic(
  f: Finding,
  index: number,
  lookup: Lookup,
  uriOf: (fileName: string) => string,
  level: SeveritySetting | undefined,
): Diagnostic | undefined {
  const sf = lookup(f.fileName);
  if (!sf || level === 'off') return undefined;
  return {
    range: rangeOf(sf, f.start, f.end),
    severity: SEVERITY[level ?? f.severity],
    code: f.checkId,
    codeDescription: { href: docUrl(f.checkId) },
    source: 'goroutines',
    message: f.message,
    relatedInformation: f.related.flatMap((r) => {
      const rsf = lookup(r.fileName);
      return rsf
        ? [{ location: { uri: uriOf(r.fileName), range: rangeOf(rsf, r.start, r.end) }, message: r.message }]
        : [];
    }),
    data: { index },
  };
}

export function toCodeAction(
  fix: Fix,
  diagnostic: Diagnostic,
  lookup: Lookup,
  uriOf: (fileName: string) => string,
  preferred: boolean,
): CodeAction | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const sf = lookup(e.fileName);
    if (!sf) return undefined;
    (changes[uriOf(e.fileName)] ??= []).push({ range: rangeOf(sf, e.start, e.end), newText: e.newText });
  }
  const action = CodeAction.create(fix.title, { changes }, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  return action;
}

export function fileUri(fileName: string): string {
  return pathToFileURL(fileName).toString();
}
