// Turns the runtime's inspection on for programs VS Code launches: GOROUTINES_DEBUG=1 in the launch
// configuration's environment (kept as is when the configuration sets it, so "0" opts out). Attach
// configurations cannot change a running process's environment: start that program with
// GOROUTINES_DEBUG=1 yourself (see docs/inspector.md).
import * as vscode from 'vscode';
import { NODE_DEBUG_TYPES } from './source.js';

export const DEBUG_ENV = 'GOROUTINES_DEBUG';

/** The configuration with GOROUTINES_DEBUG=1 added to a launch's environment. */
export function withInspection(config: vscode.DebugConfiguration): vscode.DebugConfiguration {
  if (config.request !== 'launch' || !NODE_DEBUG_TYPES.includes(config.type)) return config;
  const env: Record<string, string | null> = { ...(config.env as Record<string, string | null> | undefined) };
  if (env[DEBUG_ENV] === undefined) env[DEBUG_ENV] = '1';
  return { ...config, env };
}

export function registerDebugConfiguration(context: vscode.ExtensionContext): void {
  const provider: vscode.DebugConfigurationProvider = {
    resolveDebugConfiguration: (_folder, config) => withInspection(config),
  };
  for (const type of NODE_DEBUG_TYPES) {
    context.subscriptions.push(vscode.debug.registerDebugConfigurationProvider(type, provider));
  }
}
