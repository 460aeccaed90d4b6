// The server's view of the `goroutines.*` settings: enable, and a severity per check id or name.
import type { CheckMeta, Severity } from '../checks/check.js';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ServerSettings {
  readonly enable: boolean;
  readonly severity: Readonly<Record<string, SeveritySetting>>;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, severity: {} };

const LEVELS = new Set<SeveritySetting>(['error', 'warning', 'information', 'hint', 'off']);

/** Validates a settings object from the client (unknown keys and bad values are ignored). */
export function parseSettings(raw: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  if (typeof raw !== 'object' || raw === null) return base;
  const r = raw as Record<string, unknown>;
  // a severity object replaces the previous one: a check removed from it is back to its default
  const hasSeverity = typeof r.severity === 'object' && r.severity !== null;
  const severity: Record<string, SeveritySetting> = hasSeverity ? {} : { ...base.severity };
  if (hasSeverity)
    for (const [k, v] of Object.entries(r.severity as Record<string, unknown>))
      if (LEVELS.has(v as SeveritySetting)) severity[k] = v as SeveritySetting;
  return { enable: typeof r.enable === 'boolean' ? r.enable : base.enable, severity };
}

/** The configured level of a check: by id first, then by name; undefined keeps its default. */
export function levelOf(
  s: ServerSettings,
  meta: Pick<CheckMeta, 'id' | 'name'>,
): SeveritySetting | undefined {
  return s.severity[meta.id] ?? s.severity[meta.name];
}

export function severityOverride(s: ServerSettings, meta: CheckMeta): Severity | undefined {
  const l = levelOf(s, meta);
  if (!l || l === 'off') return undefined;
  return l === 'information' || l === 'hint' ? 'info' : l;
}
