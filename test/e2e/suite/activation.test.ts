// The extension activates in a real VS Code, its language server answers, and its commands are there.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate, workspacePath } from './helpers.js';

suite('activation', () => {
  test('opening a TypeScript file activates the extension and starts the language server', async () => {
    const doc = await vscode.workspace.openTextDocument(workspacePath('hello.ts'));
    await vscode.window.showTextDocument(doc);
    const { api, extension } = await activate();
    assert.strictEqual(extension.isActive, true);
    assert.ok(api.client?.isRunning(), 'the language client is running');
  });

  test('every command is registered under the goroutines. prefix', async () => {
    await activate();
    const commands = new Set(await vscode.commands.getCommands(true));
    const manifest = vscode.extensions.getExtension('goroutines.goroutines-for-typescript')!.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 4);
    for (const id of contributed) {
      assert.ok(id.startsWith('goroutines.'), id);
      assert.ok(commands.has(id), `${id} is registered`);
    }
  });
});
