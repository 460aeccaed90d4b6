// The extension activates in a real VS Code and its language server answers.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'goroutines.goroutines-for-typescript';

suite('activation', () => {
  test('opening a TypeScript file activates the extension and starts the language server', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the fixture workspace is open');
    const doc = await vscode.workspace.openTextDocument(path.join(folder.uri.fsPath, 'hello.ts'));
    await vscode.window.showTextDocument(doc);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    const api = (await ext.activate()) as { client?: { isRunning(): boolean } };
    assert.strictEqual(ext.isActive, true);
    assert.ok(api.client?.isRunning(), 'the language client is running');
  });
});
