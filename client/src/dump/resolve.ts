// Turns a location printed in a dump into the URI of an existing file: file:// URLs and absolute
// paths as they are, relative paths against the dump's own folder, then each workspace folder (the first that exists).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DumpLocation } from './parse.js';

export async function resolveLocation(
  location: DumpLocation,
  dump: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  // A frame in a file that is not on this machine (a dump from elsewhere) gets no link.
  if (location.path.startsWith('file://')) return existing(vscode.Uri.parse(location.path));
  if (path.isAbsolute(location.path) || /^[A-Za-z]:[\\/]/.test(location.path)) {
    return existing(vscode.Uri.file(location.path));
  }
  const bases: vscode.Uri[] = [];
  if (dump.scheme === 'file') bases.push(vscode.Uri.file(path.dirname(dump.fsPath)));
  for (const f of vscode.workspace.workspaceFolders ?? []) bases.push(f.uri);
  for (const base of bases) {
    const candidate = vscode.Uri.joinPath(base, location.path);
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/** The URI with VS Code's `#L<line>,<column>` fragment, which the editor opens at that position. */
export function withPosition(uri: vscode.Uri, location: DumpLocation): vscode.Uri {
  const fragment =
    location.column === undefined ? `L${location.line}` : `L${location.line},${location.column}`;
  return uri.with({ fragment });
}

async function existing(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  return (await exists(uri)) ? uri : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
