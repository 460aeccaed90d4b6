// Folding for goroutine dumps: one region per goroutine, from its header to its last frame.
import * as vscode from 'vscode';
import { parseDump } from './parse.js';

export class DumpFoldingProvider implements vscode.FoldingRangeProvider {
  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return parseDump(document.getText())
      .goroutines.filter((g) => g.endLine > g.line)
      .map((g) => new vscode.FoldingRange(g.line, g.endLine, vscode.FoldingRangeKind.Region));
  }
}
