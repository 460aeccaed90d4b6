// The goroutines language server: LSP wiring only (connection, documents, settings, publishing);
// the logic lives in lsp/session.ts.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckerSession } from './lsp/session.js';
import { parseSettings } from './lsp/settings.js';

/**
 * Edits closer together than this are analysed once. Short: keystrokes come tens of milliseconds
 * apart at best, and a burst that arrives together is coalesced by any delay; the wait is latency.
 */
const DEBOUNCE_MS = 10;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (m: string) => connection.console.log(m);
const session = new CheckerSession(log);
let canPullConfiguration = false;
const timers = new Map<string, NodeJS.Timeout>();

connection.onInitialize((params) => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const init = params.initializationOptions as { severity?: unknown; enable?: unknown } | undefined;
  session.settings = parseSettings(init ?? {});
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
    serverInfo: { name: 'goroutines-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'goroutines' });
    await refreshSettings();
  }
});

async function refreshSettings(pushed?: unknown): Promise<void> {
  try {
    const raw = canPullConfiguration ? await connection.workspace.getConfiguration('goroutines') : pushed;
    session.settings = parseSettings(raw ?? {}, session.settings);
  } catch (e) {
    log(`settings: ${String(e)}`);
  }
}

function publish(uri: string): void {
  timers.delete(uri);
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  const t0 = Date.now();
  try {
    void connection.sendDiagnostics({ uri, version, diagnostics: session.begin(uri) });
  } catch (e) {
    log(`analysis of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return;
  }
  // the whole-program checks one at a time, letting newer edits in between (they start over)
  const refine = () => {
    if (documents.get(uri)?.version !== version || timers.has(uri) || !session.refining(uri)) return;
    try {
      const diagnostics = session.step(uri);
      if (!diagnostics) {
        setImmediate(refine);
        return;
      }
      void connection.sendDiagnostics({ uri, version, diagnostics });
      const ms = Date.now() - t0;
      if (ms > 500) log(`analysed ${uri} in ${ms} ms`);
    } catch (e) {
      log(`analysis of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
  setImmediate(refine);
}

/** Analyses a document after a pause; after an edit, the other open files of its project follow. */
function schedule(uri: string, delay = DEBOUNCE_MS, dependents = false): void {
  const t = timers.get(uri);
  if (t) clearTimeout(t);
  timers.set(
    uri,
    setTimeout(() => {
      publish(uri);
      // other open files of the project may see through calls into this one
      if (dependents)
        for (const other of session.sameProject(uri, documents.keys()))
          if (!timers.has(other)) schedule(other, 250);
    }, delay),
  );
}

documents.onDidChangeContent((e) => {
  try {
    session.update(e.document.uri, e.document.getText());
  } catch (err) {
    log(`update of ${e.document.uri} failed: ${String(err)}`);
  }
  schedule(e.document.uri, DEBOUNCE_MS, e.document.version > 1);
});

documents.onDidClose((e) => {
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  timers.delete(e.document.uri);
  try {
    session.close(e.document.uri);
  } catch (err) {
    log(`close of ${e.document.uri} failed: ${String(err)}`);
  }
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration(async (change) => {
  await refreshSettings((change.settings as { goroutines?: unknown } | undefined)?.goroutines);
  for (const uri of documents.keys()) schedule(uri);
});

connection.onCodeAction((params) => {
  try {
    return session.codeActions(params.textDocument.uri, params.range);
  } catch (e) {
    log(`code actions failed: ${String(e)}`);
    return [];
  }
});

connection.onHover((params) => {
  try {
    return session.hover(params.textDocument.uri, params.position.line, params.position.character) ?? null;
  } catch (e) {
    log(`hover failed: ${String(e)}`);
    return null;
  }
});

documents.listen(connection);
connection.listen();
