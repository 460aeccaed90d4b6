// The outline of a goroutine dump: the fatal error / panic, then the goroutines grouped by state
// or wait reason, each with its frames.
import * as vscode from 'vscode';
import { groupByState, parseDump, type DumpGoroutine } from './parse.js';

export class DumpSymbolProvider implements vscode.DocumentSymbolProvider {
  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const dump = parseDump(document.getText());
    const lineRange = (line: number) => document.lineAt(line).range;
    const symbols: vscode.DocumentSymbol[] = dump.messages.map(
      (m) =>
        new vscode.DocumentSymbol(
          m.kind,
          m.text,
          vscode.SymbolKind.Event,
          lineRange(m.line),
          lineRange(m.line),
        ),
    );
    for (const [state, goroutines] of groupByState(dump.goroutines)) {
      const first = goroutines[0];
      const last = goroutines[goroutines.length - 1];
      const range = new vscode.Range(first.line, 0, last.endLine, document.lineAt(last.endLine).text.length);
      const group = new vscode.DocumentSymbol(
        state,
        goroutines.length === 1 ? '1 goroutine' : `${goroutines.length} goroutines`,
        vscode.SymbolKind.Namespace,
        range,
        lineRange(first.line),
      );
      group.children = goroutines.map((g) => goroutineSymbol(document, g));
      symbols.push(group);
    }
    return symbols;
  }
}

function goroutineSymbol(document: vscode.TextDocument, g: DumpGoroutine): vscode.DocumentSymbol {
  const top = g.frames.find((f) => f.function !== '')?.function;
  const name = `goroutine ${g.id}${g.name ? ` "${g.name}"` : ''}`;
  const detail = [top, g.details.join(', ')].filter(Boolean).join(' · ');
  const range = new vscode.Range(g.line, 0, g.endLine, document.lineAt(g.endLine).text.length);
  const symbol = new vscode.DocumentSymbol(
    name,
    detail,
    vscode.SymbolKind.Object,
    range,
    document.lineAt(g.line).range,
  );
  symbol.children = g.frames
    .filter((f) => f.function !== '')
    .map((f) => {
      const end = f.location && f.location.at.line > f.line ? f.location.at.line : f.line;
      return new vscode.DocumentSymbol(
        f.function,
        f.location ? `${f.location.path}:${f.location.line}` : '',
        vscode.SymbolKind.Function,
        new vscode.Range(f.line, 0, end, document.lineAt(end).text.length),
        document.lineAt(f.line).range,
      );
    });
  return symbol;
}
