// The extension's settings, read through one typed wrapper so every reader agrees on names,
// defaults and validation (a malformed value in settings.json falls back to the default).
import * as vscode from 'vscode';

export const SECTION = 'goroutines';

export type Severity = 'error' | 'warning' | 'information' | 'hint' | 'off';
export type TraceLevel = 'off' | 'messages' | 'verbose';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint', 'off'];
const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

export interface Settings {
  /** Run the checker on TypeScript and JavaScript files. */
  readonly enable: boolean;
  /** Severity per check, keyed by check id (`GR1001`) or name (`unclosed-channel`). */
  readonly severity: Readonly<Record<string, Severity>>;
  readonly traceServer: TraceLevel;
}

/** The settings for `scope` (a folder or document), validated. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    enable: c.get<unknown>('enable') !== false,
    severity: validSeverities(c.get<unknown>('severity')),
    traceServer: oneOf(c.get<unknown>('trace.server'), TRACE_LEVELS, 'off'),
  };
}

/** Whether a configuration change touches one of `keys` (e.g. `enable`, `trace.server`). */
export function affects(e: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
  return keys.length === 0
    ? e.affectsConfiguration(SECTION)
    : keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

function validSeverities(value: unknown): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [check, level] of Object.entries(value)) {
    if (SEVERITIES.includes(level as Severity)) out[check] = level as Severity;
  }
  return out;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
