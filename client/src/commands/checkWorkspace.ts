// "Goroutines: Check workspace": runs the bundled checker CLI over every workspace folder (SARIF
// output) and shows the findings in the Problems view. While the language server runs, it speaks
// for open files: their findings are not shown twice, and a file's are dropped when it is opened or
// edited.
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { readSettings } from '../config.js';
import type { CommandContext } from './registry.js';
import { sarifToDiagnostics } from './sarif.js';

export class WorkspaceCheck implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('goroutines-workspace');
  private readonly subscriptions = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.diagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (this.serverRunning()) this.diagnostics.delete(doc.uri);
    }),
  ];

  constructor(
    private readonly ctx: CommandContext,
    private readonly serverRunning: () => boolean,
  ) {}

  /** Checks every folder; resolves to the number of findings shown, or undefined when cancelled. */
  async run(): Promise<number | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showWarningMessage('Goroutines: open a folder to check.');
      return 0;
    }
    const cli = this.ctx.extension.asAbsolutePath('dist/cli.js');
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Goroutines: checking', cancellable: true },
      async (progress, token) => {
        this.diagnostics.clear();
        let total = 0;
        for (const folder of folders) {
          if (token.isCancellationRequested) return undefined;
          progress.report({ message: folder.name });
          const sarif = await this.runCli(cli, folder.uri.fsPath, token);
          if (sarif === undefined) return undefined;
          const settings = readSettings(folder.uri);
          const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
          for (const [uri, list] of sarifToDiagnostics(sarif, folder.uri.fsPath, settings.severity)) {
            if (this.serverRunning() && open.has(uri)) continue;
            this.diagnostics.set(vscode.Uri.parse(uri), list);
            total += list.length;
          }
        }
        this.ctx.log.info(`workspace check: ${total} finding(s)`);
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        if (total === 0) void vscode.window.showInformationMessage('Goroutines: no concurrency findings.');
        return total;
      },
    );
  }

  private runCli(cli: string, folder: string, token: vscode.CancellationToken): Promise<string | undefined> {
    this.ctx.log.info(`running ${cli} ${folder} --format sarif`);
    return new Promise((resolve, reject) => {
      // The extension host's executable is Node (or Electron, which this variable turns into Node).
      const child = spawn(process.execPath, [cli, folder, '--format', 'sarif'], {
        cwd: folder,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const cancel = token.onCancellationRequested(() => child.kill());
      child.on('error', reject);
      child.on('close', (code, signal) => {
        cancel.dispose();
        if (token.isCancellationRequested) return resolve(undefined);
        if (err.trim()) this.ctx.log.info(err.trimEnd());
        // Exit code 1 means "findings"; anything else without output is a failure.
        const stdout = Buffer.concat(out).toString();
        if (stdout.trim() === '') {
          return reject(
            new Error(`the checker exited with ${signal ?? code} and printed nothing: ${err.trim()}`),
          );
        }
        resolve(stdout);
      });
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.diagnostics.dispose();
  }
}
