// Goroutine dumps as a language: the grammar's language id, links from frames to source, an
// outline grouped by wait reason, folding per goroutine, and the "Open goroutine dump" command.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activate, closeAllEditors, workspacePath } from './helpers.js';

suite('goroutine dumps', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('a .goroutines file opens in the goroutines language', async () => {
    const doc = await vscode.workspace.openTextDocument(workspacePath('dumps/deadlock.goroutines'));
    assert.strictEqual(doc.languageId, 'goroutines');
  });

  test('every frame links to its source line, relative paths resolved in the workspace', async () => {
    const uri = vscode.Uri.file(workspacePath('dumps/deadlock.goroutines'));
    await vscode.window.showTextDocument(uri);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
      'vscode.executeLinkProvider',
      uri,
      10,
    );
    assert.strictEqual(links.length, 5);
    const main = workspacePath('src/main.ts');
    for (const link of links) {
      assert.ok(link.target, 'the link has a target');
      assert.strictEqual(link.target.fsPath, main);
      assert.match(link.target.fragment, /^L\d+,\d+$/);
    }
    assert.deepStrictEqual(
      links.map((l) => l.target!.fragment),
      ['L10,3', 'L4,3', 'L9,3', 'L4,3', 'L9,3'],
    );
    assert.ok(fs.existsSync(main));
  });

  test('absolute paths and file:// URLs link too; missing files do not', async () => {
    const main = workspacePath('src/main.ts');
    const text = [
      'goroutine 3 [select]:',
      'main()',
      `\t${main}:8:9`,
      'other()',
      `\t${vscode.Uri.file(main).toString()}:9:3`,
      'gone()',
      '\t/no/such/file.ts:1:1',
    ].join('\n');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('goroutines.openDump', { text });
    assert.strictEqual(editor.document.languageId, 'goroutines');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
      'vscode.executeLinkProvider',
      editor.document.uri,
      10,
    );
    assert.deepStrictEqual(
      links.map((l) => [l.target?.fsPath, l.target?.fragment]),
      [
        [main, 'L8,9'],
        [main, 'L9,3'],
      ],
    );
  });

  test('the outline groups goroutines by wait reason, under the fatal error', async () => {
    const uri = vscode.Uri.file(workspacePath('dumps/deadlock.goroutines'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      uri,
    );
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['fatal error', []],
        ['chan receive', ['goroutine 1']],
        ['chan send', ['goroutine 7 "producer"', 'goroutine 8']],
      ],
    );
    assert.deepStrictEqual(
      symbols[2].children[0].children.map((f) => f.name),
      ['producer'],
    );
  });

  test('each goroutine folds from its header to its last frame', async () => {
    const uri = vscode.Uri.file(workspacePath('dumps/deadlock.goroutines'));
    await vscode.window.showTextDocument(uri);
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      uri,
    );
    assert.deepStrictEqual(
      ranges.map((r) => [r.start, r.end]),
      [
        [2, 4],
        [6, 10],
        [12, 16],
      ],
    );
  });
});
