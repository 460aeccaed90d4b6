// The language server's lifecycle: start, stop when `goroutines.enable` is turned off, restart on
// request, and restart after a crash with a notice that is shown at most once a minute. A server
// that crashes again and again is left stopped, with a button to try again.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SECTION, readSettings } from './config.js';
import { RestartPolicy } from './restartPolicy.js';

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'untitled', language: 'typescript' },
  { scheme: 'untitled', language: 'javascript' },
];

export class LanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly policy = new RestartPolicy();
  private readonly started = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a client is running (first start, restart after a crash, manual restart). */
  readonly onDidStart = this.started.event;

  constructor(
    private readonly serverModule: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): LanguageClient | undefined {
    return this.client;
  }

  isRunning(): boolean {
    return this.client?.isRunning() ?? false;
  }

  async start(): Promise<void> {
    if (this.client) return;
    const serverOptions: ServerOptions = {
      run: { module: this.serverModule, transport: TransportKind.ipc },
      debug: {
        module: this.serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: ['--nolazy', '--inspect=6019'] },
      },
    };
    const settings = readSettings();
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.log,
      // The server reads `goroutines.*` through workspace/configuration and is told when it changes.
      synchronize: { configurationSection: SECTION },
      initializationOptions: { severity: settings.severity },
      errorHandler: this.errorHandler(),
    };
    const client = new LanguageClient('goroutines', 'Goroutines', serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.started.fire(client);
    });
    this.client = client;
    // vscode-languageclient itself follows `goroutines.trace.server` (the client's id + .trace.server).
    await client.start();
    this.log.info(`language server started (${this.serverModule})`);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.needsStop()) await client.stop();
  }

  async restart(): Promise<void> {
    this.policy.reset();
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    this.started.dispose();
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (error): ErrorHandlerResult => {
        this.log.error(`language server connection error: ${error.message}`);
        return { action: ErrorAction.Continue, handled: true };
      },
      closed: (): CloseHandlerResult => {
        const decision = this.policy.crashed(Date.now());
        if (!decision.restart) {
          this.log.error(`language server crashed ${decision.crashes} times in 3 minutes; not restarting`);
          void vscode.window
            .showErrorMessage(
              'Goroutines: the language server keeps crashing and was stopped. See the output for details.',
              'Restart',
              'Show Output',
            )
            .then((choice) => {
              if (choice === 'Restart') void vscode.commands.executeCommand('goroutines.restartServer');
              else if (choice === 'Show Output') this.log.show();
            });
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        this.log.warn('language server stopped unexpectedly; restarting');
        if (decision.notify) {
          void vscode.window.showWarningMessage(
            'Goroutines: the language server stopped unexpectedly and was restarted.',
          );
        }
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }
}
