// The checker in the editor: a buggy file gets its diagnostics with their check codes, and applying
// the quick fix makes the diagnostic go away.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors, waitFor, workspacePath } from './helpers.js';

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

function goroutineDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'goroutines');
}

suite('diagnostics', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('wg.done() outside finally is reported as GR1001 with a link to its documentation', async () => {
    const uri = vscode.Uri.file(workspacePath('src/crawl.ts'));
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitFor('GR1001 on crawl.ts', () => {
      const found = goroutineDiagnostics(uri).filter((d) => codeOf(d) === 'GR1001');
      return found.length > 0 ? found : undefined;
    });
    assert.strictEqual(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.strictEqual(d.range.start.line, 12, 'on the wg.done() line');
    assert.match(d.message, /wg\.done\(\) is not called when fetchText\(\) throws/);
    assert.ok(typeof d.code === 'object' && d.code.target, 'the code links to the check documentation');
  });

  test('the quick fix moves wg.done() into finally and the diagnostic goes away', async () => {
    const uri = vscode.Uri.file(workspacePath('src/crawl.ts'));
    const editor = await vscode.window.showTextDocument(uri);
    const [d] = await waitFor('GR1001 on crawl.ts', () => {
      const found = goroutineDiagnostics(uri).filter((x) => codeOf(x) === 'GR1001');
      return found.length > 0 ? found : undefined;
    });
    // The server answers for the findings it last published; right after opening they may still be on their way.
    const fix = await waitFor('a quick fix for GR1001', async () => {
      let actions: vscode.CodeAction[];
      try {
        actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
        );
      } catch {
        // The client cancels a request that races the server's re-analysis of a reopened file; ask again.
        return undefined;
      }
      // The command's result carries no diagnostics on the actions; the title names the fix.
      return actions.find((a) => /wg\.done\(\) into a finally/.test(a.title) && (a.edit || a.command));
    });
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command)
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.match(editor.document.getText(), /\} finally \{\s*wg\.done\(\);\s*\}/);
    await waitFor('GR1001 to go away', () =>
      goroutineDiagnostics(uri).some((x) => codeOf(x) === 'GR1001') ? undefined : true,
    );
  });

  test('goroutines.severity changes a check by id or name, and "off" silences it', async () => {
    const uri = vscode.Uri.file(workspacePath('src/crawl.ts'));
    await vscode.window.showTextDocument(uri);
    const gr1001 = () => goroutineDiagnostics(uri).find((x) => codeOf(x) === 'GR1001');
    await waitFor('GR1001 on crawl.ts', gr1001);
    const config = vscode.workspace.getConfiguration('goroutines');
    try {
      await config.update('severity', { GR1001: 'warning' }, vscode.ConfigurationTarget.Global);
      await waitFor('GR1001 as a warning', () =>
        gr1001()?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined,
      );
      await config.update('severity', { 'wg-done-not-reached': 'off' }, vscode.ConfigurationTarget.Global);
      await waitFor('GR1001 to be silenced', () => (gr1001() ? undefined : true));
    } finally {
      await config.update('severity', undefined, vscode.ConfigurationTarget.Global);
    }
    const restored = await waitFor('GR1001 back at its default severity', gr1001);
    assert.strictEqual(restored.severity, vscode.DiagnosticSeverity.Error);
  });
});
