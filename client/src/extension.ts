// The extension's entry point: starts the goroutines language server and registers what the
// extension contributes. Everything else lives in its own module.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { addRuntime } from './commands/addRuntime.js';
import { showCheckDocs } from './commands/checkDocs.js';
import { WorkspaceCheck } from './commands/checkWorkspace.js';
import { registerCommands, type CommandContext } from './commands/registry.js';
import { affects, readSettings } from './config.js';
import { registerDumpLanguage } from './dump/index.js';
import { openDump, type OpenDumpArgs } from './dump/open.js';
import { registerInspector } from './inspector/index.js';
import { LanguageServer } from './languageServer.js';

export interface GoroutinesExtensionApi {
  /** The running language client, if the checker is enabled. */
  readonly client: LanguageClient | undefined;
  readonly server: LanguageServer;
  /** Findings of the last "Check workspace" run. */
  readonly workspaceDiagnostics: vscode.DiagnosticCollection;
}

let server: LanguageServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<GoroutinesExtensionApi> {
  const log = vscode.window.createOutputChannel('Goroutines', { log: true });
  context.subscriptions.push(log);
  const ctx: CommandContext = { extension: context, log };

  server = new LanguageServer(context.asAbsolutePath(path.join('dist', 'server.js')), log);
  context.subscriptions.push(server);
  const workspaceCheck = new WorkspaceCheck(ctx, () => server?.isRunning() ?? false);
  context.subscriptions.push(workspaceCheck);

  registerDumpLanguage(context);
  registerInspector(ctx);
  registerCommands(ctx, {
    addRuntime: (folder?: vscode.Uri) => addRuntime(ctx, folder),
    checkWorkspace: () => workspaceCheck.run(),
    openDump: (arg?: OpenDumpArgs) => openDump(arg),
    showCheckDocs: (check?: string) => showCheckDocs(ctx, check),
    restartServer: () => server?.restart(),
    showOutput: () => log.show(),
  });

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!server || !affects(e, 'enable')) return;
      if (readSettings().enable) await server.start();
      else await server.stop();
    }),
  );
  if (readSettings().enable) await server.start();
  else log.info('checker disabled (goroutines.enable is false)');

  const s = server;
  return {
    get client() {
      return s.current;
    },
    server: s,
    workspaceDiagnostics: workspaceCheck.diagnostics,
  };
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
