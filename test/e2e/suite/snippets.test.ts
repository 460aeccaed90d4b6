// The contributed snippets are offered in TypeScript and JavaScript files and expand in the editor.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, closeAllEditors } from './helpers.js';

interface Snippet {
  scope: string;
  prefix: string;
  body: string[];
}

suite('snippets', () => {
  let snippets: Record<string, Snippet> = {};
  suiteSetup(async () => {
    const { extension } = await activate();
    snippets = JSON.parse(
      fs.readFileSync(path.join(extension.extensionPath, 'snippets/goroutines.code-snippets'), 'utf8'),
    ) as Record<string, Snippet>;
  });
  teardown(closeAllEditors);

  for (const language of ['typescript', 'javascript'] as const) {
    test(`typing a go prefix in ${language} offers the pattern once, as a snippet completion`, async () => {
      const doc = await vscode.workspace.openTextDocument({ language, content: 'gopool' });
      await vscode.window.showTextDocument(doc);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(0, 6),
      );
      const items = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
      const labels = items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      // Once: the TypeScript and JavaScript variants are contributed to their own languages only.
      assert.deepStrictEqual(
        labels.filter((l) => l === 'gopool'),
        ['gopool'],
        `snippet completions: ${labels.join(', ')}`,
      );
      const pool = items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'gopool')!;
      const body =
        pool.insertText instanceof vscode.SnippetString ? pool.insertText.value : String(pool.insertText);
      assert.strictEqual(/chan<\$\{1:number\}>/.test(body), language === 'typescript', body);
    });
  }

  test('inserting a snippet expands its tab stops to their defaults', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    const snippet = snippets['worker pool'];
    assert.ok(snippet, 'the worker pool snippet exists');
    assert.ok(await editor.insertSnippet(new vscode.SnippetString(snippet.body.join('\n'))));
    const text = doc.getText();
    assert.ok(!text.includes('${'), 'no placeholder syntax is left');
    assert.match(text, /^const jobs = chan<number>\(\);$/m);
    assert.match(text, /^for \(let w = 0; w < 4; w\+\+\) \{$/m);
    assert.match(text, /await results\.send\(job \* 2\);/);
  });

  test('the editor.action.insertSnippet command inserts a contributed snippet by name', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: '' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'typescript',
      name: 'context withCancel',
    });
    assert.match(doc.getText(), /const \[ctx, cancel\] = context\.withCancel\(context\.background\(\)\);/);
    assert.match(doc.getText(), /} finally \{\n {2}cancel\(\);\n}/);
  });
});
