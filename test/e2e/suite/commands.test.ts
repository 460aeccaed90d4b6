// The commands, run in the editor: adding the runtime to a project, opening a dump, the check
// documentation, and the workspace check.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, closeAllEditors, workspacePath } from './helpers.js';

suite('commands', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('"Add the runtime to this project" installs the bundled runtime with npm', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goroutines-add-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "app", "private": true }\n');
      const added = await vscode.commands.executeCommand<boolean>(
        'goroutines.addRuntime',
        vscode.Uri.file(dir),
      );
      assert.strictEqual(added, true);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      assert.match(manifest.dependencies.goroutines, /^file:vendor\/goroutines-\d+\.\d+\.\d+\.tgz$/);
      const installed = JSON.parse(
        fs.readFileSync(path.join(dir, 'node_modules/goroutines/package.json'), 'utf8'),
      );
      assert.strictEqual(installed.name, 'goroutines');
      assert.ok(
        fs.existsSync(path.join(dir, 'node_modules/goroutines', installed.main)),
        'its main file is installed',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('"Open goroutine dump" opens a file as a dump document', async () => {
    const file = workspacePath('dumps/deadlock.goroutines');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(
      'goroutines.openDump',
      vscode.Uri.file(file),
    );
    assert.strictEqual(editor.document.languageId, 'goroutines');
    assert.strictEqual(editor.document.uri.fsPath, file);
  });

  test('"Show check documentation" opens the page of the check asked for', async () => {
    const { extension } = await activate();
    const dir = path.join(extension.extensionPath, 'docs/checks');
    assert.ok(fs.existsSync(dir), `the check pages are generated into ${dir}`);
    const page = fs.readdirSync(dir).find((f) => /^GR\d+/.test(f));
    assert.ok(page, 'there is a check page');
    const id = /^GR\d+/.exec(page)![0];
    const doc = await vscode.commands.executeCommand<{ id: string; file: string }>(
      'goroutines.showCheckDocs',
      id,
    );
    assert.strictEqual(doc?.id, id);
    assert.strictEqual(doc.file, path.join(dir, page));
  });

  test('"Check workspace" shows the checker findings of every file in the Problems view', async () => {
    const { api } = await activate();
    const count = await vscode.commands.executeCommand<number>('goroutines.checkWorkspace');
    assert.ok(typeof count === 'number' && count > 0, `findings: ${count}`);
    const crawl = api.workspaceDiagnostics.get(vscode.Uri.file(workspacePath('src/crawl.ts'))) ?? [];
    const codes = crawl.map((d) => (typeof d.code === 'object' ? d.code.value : d.code));
    assert.ok(codes.includes('GR1001'), `crawl.ts codes: ${codes.join(', ')}`);
  });
});
