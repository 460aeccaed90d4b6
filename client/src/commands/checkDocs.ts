// "Goroutines: Show check documentation": a quick pick of the checks, then the chosen check's page
// rendered as Markdown. The pages ship in docs/checks/ (one per check, generated from the checks'
// metadata, named by id or id-name).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from './registry.js';

export interface CheckDoc {
  /** The check's id, e.g. `GR1001`, when the file or folder name starts with one. */
  readonly id: string | undefined;
  /** The file or folder name without the id: the check's kebab-case name. */
  readonly name: string;
  /** The page's first heading. */
  readonly title: string;
  readonly file: string;
}

/** Every check page the extension ships, sorted by id. */
export function listCheckDocs(extensionPath: string): CheckDoc[] {
  const docs: CheckDoc[] = [];
  const docsDir = path.join(extensionPath, 'docs', 'checks');
  if (fs.existsSync(docsDir)) {
    for (const f of fs.readdirSync(docsDir)) {
      if (f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
        docs.push(describe(path.join(docsDir, f), f.slice(0, -3)));
    }
  }
  return docs.sort((a, b) => (a.id ?? a.name).localeCompare(b.id ?? b.name));
}

function describe(file: string, base: string): CheckDoc {
  const m = /^(GR\d+)[-_ ]?(.*)$/i.exec(base);
  const text = fs.readFileSync(file, 'utf8');
  const heading = /^#\s+(.+)$/m.exec(text)?.[1].trim() ?? base;
  // The one-line title is the page's first bold line ("**wg.done() is not reached …**"), else its heading.
  const bold = /^\*\*(.+?)\*\*/m.exec(text)?.[1].trim();
  // A page named by id alone gives the name in its heading: "GR1001 wg-done-not-reached".
  const named = /^GR\d+[\s:·—-]+([a-z0-9]+(?:-[a-z0-9]+)+)\b/.exec(heading);
  return {
    id: m ? m[1].toUpperCase() : undefined,
    name: m && m[2] ? m[2] : (named?.[1] ?? (m ? '' : base)),
    title: bold ?? heading,
    file,
  };
}

/** Shows one check's page (by id or name when given), else lets the user pick. */
export async function showCheckDocs(ctx: CommandContext, check?: string): Promise<CheckDoc | undefined> {
  const docs = listCheckDocs(ctx.extension.extensionPath);
  if (docs.length === 0) {
    void vscode.window.showWarningMessage(
      'Goroutines: this build of the extension ships no check documentation.',
    );
    return undefined;
  }
  let doc: CheckDoc | undefined;
  if (check) {
    const wanted = check.toLowerCase();
    doc = docs.find((d) => d.id?.toLowerCase() === wanted || d.name.toLowerCase() === wanted);
    if (!doc) throw new Error(`no check named ${check}`);
  } else {
    const picked = await vscode.window.showQuickPick(
      docs.map((d) => ({ label: d.id ?? d.name, description: d.id ? d.name : '', detail: d.title, doc: d })),
      { title: 'Goroutines checks', matchOnDescription: true, matchOnDetail: true },
    );
    doc = picked?.doc;
  }
  if (!doc) return undefined;
  const uri = vscode.Uri.file(doc.file);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch (err) {
    // Without the built-in Markdown extension, the source is still readable.
    ctx.log.warn(`markdown preview unavailable (${(err as Error).message}); opening the source`);
    await vscode.window.showTextDocument(uri);
  }
  return doc;
}
