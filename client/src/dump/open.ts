// "Goroutines: Open goroutine dump": a saved dump file, the clipboard, or pasted text, shown as a
// `.goroutines` document. Tests and other commands may pass the text or file directly.
import * as vscode from 'vscode';

export const LANGUAGE_ID = 'goroutines';

export type OpenDumpArgs = vscode.Uri | { text: string } | undefined;

export async function openDump(arg: OpenDumpArgs): Promise<vscode.TextEditor | undefined> {
  if (arg instanceof vscode.Uri) return showAsDump(await vscode.workspace.openTextDocument(arg));
  if (arg && typeof arg.text === 'string') return showText(arg.text);

  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(file) Open a file…', id: 'file' as const },
      { label: '$(clippy) Paste from the clipboard', id: 'clipboard' as const },
      { label: '$(edit) Paste into a new dump', id: 'empty' as const },
    ],
    { title: 'Open goroutine dump' },
  );
  if (!choice) return undefined;
  switch (choice.id) {
    case 'file': {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Open dump',
        filters: { 'Goroutine dumps': ['goroutines', 'txt', 'log'], 'All files': ['*'] },
      });
      return picked?.[0] ? showAsDump(await vscode.workspace.openTextDocument(picked[0])) : undefined;
    }
    case 'clipboard': {
      const text = await vscode.env.clipboard.readText();
      if (!/^goroutine \d+/m.test(text)) {
        void vscode.window.showWarningMessage(
          'Goroutines: the clipboard holds no goroutine dump (no "goroutine N [state]:" line).',
        );
        return undefined;
      }
      return showText(text);
    }
    case 'empty':
      return showText('');
  }
}

async function showText(text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
  return vscode.window.showTextDocument(doc);
}

async function showAsDump(doc: vscode.TextDocument): Promise<vscode.TextEditor> {
  const dump =
    doc.languageId === LANGUAGE_ID ? doc : await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  return vscode.window.showTextDocument(dump);
}
