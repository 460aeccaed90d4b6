// The goroutine-dump language's editor features: links to source, outline, folding.
import * as vscode from 'vscode';
import { DumpFoldingProvider } from './folding.js';
import { DumpLinkProvider } from './links.js';
import { LANGUAGE_ID } from './open.js';
import { DumpSymbolProvider } from './outline.js';

export function registerDumpLanguage(context: vscode.ExtensionContext): void {
  const selector: vscode.DocumentSelector = { language: LANGUAGE_ID };
  context.subscriptions.push(
    vscode.languages.registerDocumentLinkProvider(selector, new DumpLinkProvider()),
    vscode.languages.registerDocumentSymbolProvider(selector, new DumpSymbolProvider(), {
      label: 'Goroutines',
    }),
    vscode.languages.registerFoldingRangeProvider(selector, new DumpFoldingProvider()),
  );
}
