// The wait-for graph as a webview panel: a strict content security policy (only this extension's own
// script, by nonce; no remote content), the model sent on every snapshot, and clicks on nodes leading
// to the goroutine and its source. The page reports what it drew, which the tests read back.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { buildGraph, type GraphModel } from './graphModel.js';
import { openFrame } from './nodes.js';
import type { SnapshotSource, SourceState } from './source.js';

/** What the page drew, read from its SVG (nodes not placed by the layout come from the model). */
export interface RenderedGraph {
  takenAt: number;
  nodes: { id: string; label: string; detail: string; kind: string; highlighted: boolean; placed: boolean }[];
  edges: { id: string; highlighted: boolean }[];
  cycles: string[][];
  /** Ids of the nodes drawn in the error colour. */
  highlighted: string[];
  /** Goroutines the graph shows, and how many of them are counted in group nodes. */
  goroutines: number;
  grouped: number;
  /** The page's status line. */
  status: string;
  /** Milliseconds to build the model in the extension, and to lay it out and draw it in the page. */
  buildMs: number;
  drawMs: number;
  selected: string | null;
  view: { scale: number; x: number; y: number };
}

export class GraphPanel implements vscode.Disposable {
  static readonly viewType = 'goroutines.inspector.graph';
  private panel: vscode.WebviewPanel | undefined;
  private model: GraphModel | undefined;
  private buildMs = 0;
  private ready = false;
  private readonly rendered = new vscode.EventEmitter<RenderedGraph>();
  /** Fires each time the page has drawn a model. */
  readonly onDidRender = this.rendered.event;
  lastRendered: RenderedGraph | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: SnapshotSource,
    private readonly revealGoroutine: (id: number) => Promise<unknown>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      source.onDidChange((s) => this.update(s)),
      this.rendered,
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      GraphPanel.viewType,
      'Goroutines: wait-for graph',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: true },
    );
    this.panel = panel;
    this.ready = false;
    panel.webview.html = this.html(panel.webview, vscode.Uri.joinPath(dist, 'inspector-graph.js'));
    this.source.setVisible(true);
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m), undefined, this.disposables);
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.lastRendered = undefined;
        this.source.setVisible(false);
      },
      undefined,
      this.disposables,
    );
    this.update(this.source.state);
  }

  /** Closes the page (it opens again with Show wait-for graph). */
  close(): void {
    this.panel?.dispose();
  }

  /** Selects a node in the page without opening anything (and zoom, for the tests of live updates). */
  post(message: { type: 'select'; id: string | null } | { type: 'zoom'; scale: number }): void {
    void this.panel?.webview.postMessage(message);
  }

  private update(state: SourceState): void {
    // Built only for the page: with many goroutines the graph is not free.
    if (state.kind !== 'snapshot' || !this.panel) return;
    const t0 = Date.now();
    this.model = buildGraph(state.index);
    this.buildMs = Date.now() - t0;
    if (this.panel && this.ready) void this.panel.webview.postMessage({ type: 'model', model: this.model });
  }

  private receive(m: unknown): void {
    const msg = m as { type?: string; id?: string; message?: string };
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (this.model) void this.panel?.webview.postMessage({ type: 'model', model: this.model });
        break;
      case 'rendered':
        this.lastRendered = { ...(m as RenderedGraph), buildMs: this.buildMs };
        this.rendered.fire(this.lastRendered);
        break;
      case 'open': {
        const node = this.model?.nodes.find((n) => n.id === msg.id);
        if (!node) break;
        if (node.frame) void openFrame(node.frame);
        if (node.goroutine !== null) void this.revealGoroutine(node.goroutine);
        break;
      }
      case 'error':
        this.log.error(`inspector graph: ${msg.message ?? ''}`);
        break;
      default:
        break;
    }
  }

  private html(webview: vscode.Webview, script: vscode.Uri): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
  html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: 12px; }
  #status { position: absolute; top: 4px; left: 8px; opacity: 0.8; }
  svg { width: 100%; height: 100%; cursor: grab; }
  .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-editorWidget-border, #888); stroke-width: 1; }
  .node.channel rect { fill: var(--vscode-badge-background); }
  .node.lock rect, .node.of-lock rect { stroke-dasharray: 4 2; }
  .node.of-channel rect { fill: var(--vscode-badge-background); }
  .node.group rect { stroke-width: 1.5; }
  .node.group rect.behind { opacity: 0.6; }
  .node text { fill: var(--vscode-foreground); font-size: 12px; }
  .node text.detail { opacity: 0.75; font-size: 11px; }
  .node.hot rect { stroke: var(--vscode-errorForeground, #f14c4c); stroke-width: 2.5; }
  .node.selected rect { stroke: var(--vscode-focusBorder, #0af); stroke-width: 3; }
  .node { cursor: pointer; }
  .edge { fill: none; stroke: var(--vscode-foreground); stroke-opacity: 0.55; stroke-width: 1.2; }
  .edge.holds { stroke-dasharray: 5 3; }
  .edge.hot { stroke: var(--vscode-errorForeground, #f14c4c); stroke-opacity: 1; stroke-width: 2.5; }
  #arrow path { fill: var(--vscode-foreground); }
</style>
<title>Wait-for graph</title>
</head>
<body>
<div id="status">waiting for a snapshot…</div>
<svg id="graph" role="img" aria-label="wait-for graph">
  <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>
  <g id="layer"></g>
</svg>
<script nonce="${nonce}" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
