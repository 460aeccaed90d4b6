// Shared by the extension tests: the activated extension's API, the fixture workspace, and waiting
// for an editor state that arrives asynchronously (diagnostics, a restarted server).
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'goroutines.goroutines-for-typescript';

export interface Api {
  readonly client: { isRunning(): boolean; initializeResult?: unknown } | undefined;
  readonly server: { isRunning(): boolean; restart(): Promise<void> };
  readonly workspaceDiagnostics: vscode.DiagnosticCollection;
}

export async function activate(): Promise<{ api: Api; extension: vscode.Extension<unknown> }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  const api = (await extension.activate()) as Api;
  return { api, extension };
}

export function workspacePath(...parts: string[]): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return path.join(folder.uri.fsPath, ...parts);
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Closes every editor, dropping unsaved changes (a "save?" dialog would stall the test run). */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
