// The one place commands are registered: it adds the `goroutines.` prefix, and reports a failing
// command in the output channel and a notification instead of letting VS Code swallow it.
import * as vscode from 'vscode';

export const PREFIX = 'goroutines.';

export type CommandHandler = (...args: any[]) => unknown;

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}

/** Registers each handler as `goroutines.<name>`; the disposables go to the extension context. */
export function registerCommands(
  ctx: CommandContext,
  commands: Readonly<Record<string, CommandHandler>>,
): void {
  for (const [name, handler] of Object.entries(commands)) {
    const id = PREFIX + name;
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          ctx.log.error(`${id}: ${err instanceof Error && err.stack ? err.stack : message}`);
          void vscode.window.showErrorMessage(`Goroutines: ${message}`);
          return undefined;
        }
      }),
    );
  }
}
