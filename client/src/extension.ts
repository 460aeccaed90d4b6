// The extension's entry point: starts the goroutines language server and registers what the
// extension contributes. Everything else lives in its own module.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export interface GoroutinesExtensionApi {
  readonly client: LanguageClient | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<GoroutinesExtensionApi> {
  const output = vscode.window.createOutputChannel('Goroutines', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'javascriptreact' },
    ],
    outputChannel: output,
  };
  client = new LanguageClient('goroutines', 'Goroutines', serverOptions, clientOptions);
  await client.start();
  output.info('goroutines language server started');
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
