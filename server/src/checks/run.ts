// Runs the checks over a file: each check isolated (a failing check is logged, never fatal),
// suppression comments applied (`// goroutines-ignore GR1001: reason`, on the line or the line
// above), unused or reason-less suppressions reported.
import type { ts } from 'ts-morph';
import { Flow, type Workspace } from '../analysis/index.js';
import type { Check, CheckMeta, Finding, Severity } from './check.js';
import { CHECKS, SUPPRESSION_CHECKS } from './index.js';

export interface RunOptions {
  /** Which checks run (by meta); all by default. */
  enabled?: (meta: CheckMeta) => boolean;
  /** A severity override per check (by meta), e.g. from settings. */
  severity?: (meta: CheckMeta) => Severity | undefined;
  /** Reuse one Flow across the files of one run. */
  flow?: Flow;
  log?: (message: string) => void;
  /** Restrict to these checks (the fixture harness runs one check per fixture). */
  checks?: readonly Check[];
}

interface Suppression {
  readonly line: number; // 0-based line it applies to
  readonly ids: string[];
  readonly reason: string;
  readonly start: number;
  readonly end: number;
  used: boolean;
}

const SUPPRESS = /\/\/\s*goroutines-ignore\s+([A-Za-z0-9_,\s-]+?)(?::\s*(.*))?$/;

export function findSuppressions(sf: ts.SourceFile): Suppression[] {
  const out: Suppression[] = [];
  const text = sf.text;
  if (!text.includes('goroutines-ignore')) return out;
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = SUPPRESS.exec(line);
    if (m) {
      const idx = line.indexOf('//', line.indexOf('goroutines-ignore') - 4);
      const codeBefore = line.slice(0, Math.max(0, idx)).trim() !== '';
      out.push({
        line: codeBefore ? i : i + 1,
        ids: m[1]!.split(/[\s,]+/).filter(Boolean),
        reason: (m[2] ?? '').trim(),
        start: offset + Math.max(0, idx),
        end: offset + line.replace(/\r$/, '').length,
        used: false,
      });
    }
    offset += line.length + 1;
  }
  return out;
}

export function checkFile(ws: Workspace, fileName: string, opts: RunOptions = {}): Finding[] {
  const log = opts.log ?? (() => {});
  const facts = ws.factsOf(fileName);
  if (!facts || !facts.usesRuntime) return [];
  const sf = facts.sourceFile;
  const flow = opts.flow ?? new Flow(ws);
  const checker = ws.getChecker();
  const findings: Finding[] = [];
  const checks = opts.checks ?? CHECKS;
  const enabled = (m: CheckMeta) => !opts.enabled || opts.enabled(m);
  for (const check of checks) {
    if (!enabled(check.meta)) continue;
    const severity = opts.severity?.(check.meta) ?? check.meta.severity;
    const seen = new Set<string>();
    try {
      check.run({
        file: facts,
        sf,
        ws,
        flow,
        checker,
        report(r) {
          const start = r.node.getStart(sf);
          const key = `${start}:${r.message}`;
          if (seen.has(key)) return;
          seen.add(key);
          findings.push({
            checkId: check.meta.id,
            checkName: check.meta.name,
            severity,
            fileName: sf.fileName,
            start,
            end: r.node.getEnd(),
            message: r.message,
            related: (r.related ?? []).map((x) => ({
              fileName: x.node.getSourceFile().fileName,
              start: x.node.getStart(),
              end: x.node.getEnd(),
              message: x.message,
            })),
            fixes: r.fixes ?? [],
          });
        },
      });
    } catch (e) {
      log(
        `${check.meta.id} ${check.meta.name} failed on ${fileName}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
    }
  }
  findings.sort((a, b) => a.start - b.start || a.checkId.localeCompare(b.checkId));
  return applySuppressions(sf, findings, checks, enabled);
}

function applySuppressions(
  sf: ts.SourceFile,
  findings: Finding[],
  checks: readonly Check[],
  enabled: (m: CheckMeta) => boolean,
): Finding[] {
  const sups = findSuppressions(sf);
  if (!sups.length) return findings;
  const matches = (s: Suppression, f: Finding) => s.ids.includes(f.checkId) || s.ids.includes(f.checkName);
  const kept = findings.filter((f) => {
    const line = sf.getLineAndCharacterOfPosition(f.start).line;
    const s = sups.find((x) => x.line === line && x.reason && matches(x, f));
    if (s) s.used = true;
    return !s;
  });
  const [unused, noReason] = SUPPRESSION_CHECKS;
  const known = new Set(checks.flatMap((c) => [c.meta.id, c.meta.name]));
  for (const s of sups) {
    const meta = !s.reason ? noReason : !s.used && s.ids.some((id) => known.has(id)) ? unused : undefined;
    if (!meta || !enabled(meta)) continue;
    kept.push({
      checkId: meta.id,
      checkName: meta.name,
      severity: meta.severity,
      fileName: sf.fileName,
      start: s.start,
      end: s.end,
      message: !s.reason
        ? `suppression of ${s.ids.join(', ')} needs a reason: // goroutines-ignore ${s.ids[0] ?? 'GRxxxx'}: why`
        : `unused suppression: no ${s.ids.join(', ')} finding on this line`,
      related: [],
      fixes: [
        {
          title: 'remove the suppression comment',
          edits: [{ fileName: sf.fileName, start: s.start, end: s.end, newText: '' }],
        },
      ],
    });
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Every check's metadata, the suppression diagnostics included. */
export function allMetas(): CheckMeta[] {
  return [...SUPPRESSION_CHECKS, ...CHECKS.map((c) => c.meta)];
}

/** Finds a check by id or name. */
export function metaOf(idOrName: string): CheckMeta | undefined {
  return allMetas().find((m) => m.id === idOrName || m.name === idOrName);
}
