// Document links for goroutine dumps: every `path:line[:col]` frame opens its source at that line.
import * as vscode from 'vscode';
import { parseDump } from './parse.js';
import { resolveLocation, withPosition } from './resolve.js';

export class DumpLinkProvider implements vscode.DocumentLinkProvider {
  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const { locations } = parseDump(document.getText());
    const resolved = new Map<string, Promise<vscode.Uri | undefined>>();
    const links: vscode.DocumentLink[] = [];
    for (const location of locations) {
      const target = resolved.get(location.path) ?? resolveLocation(location, document.uri);
      resolved.set(location.path, target);
      const uri = await target;
      if (!uri) continue;
      const range = new vscode.Range(location.at.line, location.at.start, location.at.line, location.at.end);
      const link = new vscode.DocumentLink(range, withPosition(uri, location));
      link.tooltip = `Open ${vscode.workspace.asRelativePath(uri)} at line ${location.line}`;
      links.push(link);
    }
    return links;
  }
}
