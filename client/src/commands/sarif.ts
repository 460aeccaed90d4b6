// Reads the checker's SARIF 2.1.0 output into VS Code diagnostics. SARIF is the CLI's stable,
// standard format, so the workspace check does not depend on the CLI's own JSON shape. Regions are
// 1-based with an exclusive end column, as SARIF specifies.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Severity } from '../config.js';

interface SarifRegion {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
interface SarifLocation {
  physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: SarifRegion };
  message?: { text?: string };
}
interface SarifResult {
  ruleId?: string;
  level?: 'error' | 'warning' | 'note' | 'none';
  message?: { text?: string };
  locations?: SarifLocation[];
  relatedLocations?: SarifLocation[];
}
interface SarifRule {
  id?: string;
  name?: string;
  helpUri?: string;
}
interface SarifLog {
  version?: string;
  runs?: Array<{
    tool?: { driver?: { rules?: SarifRule[] } };
    results?: SarifResult[];
    originalUriBaseIds?: Record<string, { uri?: string }>;
  }>;
}

export class SarifError extends Error {}

/** Diagnostics per file from a SARIF log; `severity` overrides or drops ("off") checks by id or name. */
export function sarifToDiagnostics(
  text: string,
  baseDir: string,
  severity: Readonly<Record<string, Severity>>,
): Map<string, vscode.Diagnostic[]> {
  let log: SarifLog;
  try {
    log = JSON.parse(text) as SarifLog;
  } catch (err) {
    throw new SarifError(`the checker printed no SARIF: ${(err as Error).message}`);
  }
  if (!Array.isArray(log.runs)) throw new SarifError('the checker printed a SARIF log without runs');
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const run of log.runs) {
    const rules = new Map((run.tool?.driver?.rules ?? []).map((r) => [r.id ?? '', r]));
    const toUri = (loc: SarifLocation): vscode.Uri | undefined => {
      const artifact = loc.physicalLocation?.artifactLocation;
      if (!artifact?.uri) return undefined;
      if (/^[a-z][a-z0-9+.-]*:/i.test(artifact.uri) && !/^[A-Za-z]:[\\/]/.test(artifact.uri)) {
        return vscode.Uri.parse(artifact.uri);
      }
      const base = artifact.uriBaseId ? run.originalUriBaseIds?.[artifact.uriBaseId]?.uri : undefined;
      if (base?.startsWith('file:'))
        return vscode.Uri.joinPath(vscode.Uri.parse(base), decodeURIComponent(artifact.uri));
      const rel = decodeURIComponent(artifact.uri);
      return vscode.Uri.file(path.isAbsolute(rel) ? rel : path.join(baseDir, rel));
    };
    for (const result of run.results ?? []) {
      const rule = rules.get(result.ruleId ?? '');
      const level = severity[result.ruleId ?? ''] ?? (rule?.name ? severity[rule.name] : undefined);
      if (level === 'off') continue;
      const primary = result.locations?.[0];
      const uri = primary && toUri(primary);
      if (!primary || !uri) continue;
      const d = new vscode.Diagnostic(
        toRange(primary.physicalLocation?.region),
        result.message?.text ?? result.ruleId ?? 'concurrency finding',
        level ? toSeverity(level) : fromSarifLevel(result.level),
      );
      d.source = 'goroutines';
      if (result.ruleId) {
        d.code = rule?.helpUri
          ? { value: result.ruleId, target: vscode.Uri.parse(rule.helpUri) }
          : result.ruleId;
      }
      d.relatedInformation = (result.relatedLocations ?? []).flatMap((loc) => {
        const u = toUri(loc);
        return u
          ? [
              new vscode.DiagnosticRelatedInformation(
                new vscode.Location(u, toRange(loc.physicalLocation?.region)),
                loc.message?.text ?? '',
              ),
            ]
          : [];
      });
      const key = uri.toString();
      const list = byFile.get(key);
      if (list) list.push(d);
      else byFile.set(key, [d]);
    }
  }
  return byFile;
}

function toRange(r: SarifRegion | undefined): vscode.Range {
  const startLine = Math.max((r?.startLine ?? 1) - 1, 0);
  const startCol = Math.max((r?.startColumn ?? 1) - 1, 0);
  const endLine = Math.max((r?.endLine ?? r?.startLine ?? 1) - 1, startLine);
  const endCol = r?.endColumn !== undefined ? Math.max(r.endColumn - 1, 0) : startCol + 1;
  return new vscode.Range(
    startLine,
    startCol,
    endLine,
    endLine === startLine ? Math.max(endCol, startCol) : endCol,
  );
}

function fromSarifLevel(level: SarifResult['level']): vscode.DiagnosticSeverity {
  switch (level) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'note':
      return vscode.DiagnosticSeverity.Information;
    case 'none':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return vscode.DiagnosticSeverity.Warning;
  }
}

function toSeverity(level: Exclude<Severity, 'off'>): vscode.DiagnosticSeverity {
  switch (level) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}
