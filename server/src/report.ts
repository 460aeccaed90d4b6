// The CLI's output formats: text (`file:line:col  GRxxxx  message`), JSON, and SARIF 2.1.0 with
// rules, help links, repository-relative paths, related locations and fixes.
import { relative, sep } from 'node:path';
import type { ts } from 'ts-morph';
import type { CheckMeta, Finding, Severity } from './checks/check.js';
import { docUrl, REPOSITORY_URL, VERSION } from './links.js';

export interface Located {
  readonly finding: Finding;
  readonly sf: ts.SourceFile;
}

interface Pos {
  line: number;
  column: number;
}

function pos(sf: ts.SourceFile, offset: number): Pos {
  const lc = sf.getLineAndCharacterOfPosition(offset);
  return { line: lc.line + 1, column: lc.character + 1 };
}

function rel(base: string, file: string): string {
  return relative(base, file).split(sep).join('/');
}

export function formatText(items: readonly Located[], base: string): string {
  return items
    .map(({ finding: f, sf }) => {
      const p = pos(sf, f.start);
      return `${rel(base, f.fileName)}:${p.line}:${p.column}  ${f.checkId}  ${f.message}`;
    })
    .map((l) => l + '\n')
    .join('');
}

export function formatJson(
  items: readonly Located[],
  base: string,
  lookup: (file: string) => ts.SourceFile | undefined,
): string {
  const loc = (file: string, start: number, end: number) => {
    const sf = lookup(file);
    const s = sf ? pos(sf, start) : { line: 0, column: 0 };
    const e = sf ? pos(sf, end) : s;
    return { file: rel(base, file), line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };
  const findings = items.map(({ finding: f }) => ({
    ...loc(f.fileName, f.start, f.end),
    code: f.checkId,
    name: f.checkName,
    severity: f.severity,
    message: f.message,
    docs: docUrl(f.checkId),
    related: f.related.map((r) => ({ ...loc(r.fileName, r.start, r.end), message: r.message })),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      edits: x.edits.map((e) => ({ ...loc(e.fileName, e.start, e.end), newText: e.newText })),
    })),
  }));
  return JSON.stringify({ version: VERSION, findings }, null, 2) + '\n';
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export function formatSarif(
  items: readonly Located[],
  base: string,
  metas: readonly CheckMeta[],
  lookup: (file: string) => ts.SourceFile | undefined,
): string {
  const region = (file: string, start: number, end: number) => {
    const sf = lookup(file);
    if (!sf) return { startLine: 1 };
    const s = pos(sf, start);
    const e = pos(sf, end);
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  };
  const artifact = (file: string) => ({ uri: encodeURI(rel(base, file)), uriBaseId: '%SRCROOT%' });
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const results = items.map(({ finding: f }) => ({
    ruleId: f.checkId,
    ruleIndex: index.get(f.checkId) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(f.fileName),
          region: region(f.fileName, f.start, f.end),
        },
      },
    ],
    ...(f.related.length
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: artifact(r.fileName),
              region: region(r.fileName, r.start, r.end),
            },
          })),
        }
      : {}),
    ...(f.fixes.length
      ? {
          fixes: f.fixes.map((x) => ({
            description: { text: x.title },
            artifactChanges: groupByFile(x.edits).map(([file, edits]) => ({
              artifactLocation: artifact(file),
              replacements: edits.map((e) => ({
                deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
                insertedContent: { text: e.newText },
              })),
            })),
          })),
        }
      : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'goroutines-check',
            version: VERSION,
            informationUri: REPOSITORY_URL,
            rules: metas.map((m) => ({
              id: m.id,
              name: m.name,
              shortDescription: { text: m.title },
              fullDescription: { text: m.doc.why },
              helpUri: docUrl(m.id),
              help: { text: `${m.title}. ${m.doc.why}` },
              defaultConfiguration: { level: LEVEL[m.severity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(base) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function groupByFile<T extends { fileName: string }>(edits: readonly T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const e of edits) m.set(e.fileName, [...(m.get(e.fileName) ?? []), e]);
  return [...m];
}

function pathToFileUri(dir: string): string {
  const p = dir.split(sep).join('/');
  return `file://${p.startsWith('/') ? '' : '/'}${encodeURI(p)}${p.endsWith('/') ? '' : '/'}`;
}
