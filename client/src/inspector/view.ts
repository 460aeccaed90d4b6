// What the four inspector views share: following the snapshot source, the messages shown when there
// is no snapshot, reporting visibility (live updates run only while a view is visible), and parents
// for `reveal`.
import * as vscode from 'vscode';
import { commonChildren, message, renderNode, type InspectorNode } from './nodes.js';
import type { SnapshotIndex } from './model.js';
import type { SnapshotSource, SourceState } from './source.js';

export abstract class InspectorView implements vscode.TreeDataProvider<InspectorNode>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<InspectorNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<InspectorNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private visible = false;

  constructor(
    readonly viewId: string,
    protected readonly source: SnapshotSource,
  ) {
    this.treeView = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.treeView,
      this.changed,
      source.onDidChange((s) => this.update(s)),
      this.treeView.onDidChangeVisibility((e) => this.setVisible(e.visible)),
    );
    this.setVisible(this.treeView.visible);
  }

  private setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.source.setVisible(visible);
  }

  protected get index(): SnapshotIndex | undefined {
    const s = this.source.state;
    return s.kind === 'snapshot' ? s.index : undefined;
  }

  protected update(state: SourceState): void {
    this.treeView.message =
      state.kind === 'snapshot' && state.ended ? 'the program has ended: its last snapshot' : undefined;
    this.changed.fire(undefined);
  }

  /** The rows at the top when there is a snapshot. */
  protected abstract roots(index: SnapshotIndex): InspectorNode[];

  /** Children particular to this view; the shared ones (stacks, frames) come from `commonChildren`. */
  protected children(node: InspectorNode, index: SnapshotIndex): InspectorNode[] | undefined {
    void node;
    void index;
    return undefined;
  }

  getTreeItem(node: InspectorNode): vscode.TreeItem {
    return renderNode(node, this.index);
  }

  getChildren(node?: InspectorNode): InspectorNode[] {
    const s = this.source.state;
    if (!node) {
      switch (s.kind) {
        case 'idle':
          return this.source.hasSession
            ? [message(`${this.viewId}/wait`, 'waiting for the first snapshot…')]
            : [message(`${this.viewId}/idle`, 'start debugging a Node program that uses goroutines')];
        case 'error':
          return [message(`${this.viewId}/error`, s.message, s.message)];
        case 'snapshot':
          return this.roots(s.index);
        default: {
          const never: never = s;
          return never;
        }
      }
    }
    if (s.kind !== 'snapshot') return [];
    return this.children(node, s.index) ?? commonChildren(node, s.index);
  }

  getParent(node: InspectorNode): InspectorNode | undefined {
    return node.parent;
  }

  /** Every row of the view, expanded to `depth`, as text: what the tests and the status read. */
  describe(depth = 3): DescribedRow[] {
    const walk = (nodes: InspectorNode[], d: number): DescribedRow[] =>
      nodes.map((n) => {
        const item = this.getTreeItem(n);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        const row: DescribedRow = { kind: n.kind, label, description: String(item.description ?? '') };
        if (item.command)
          row.command = { command: item.command.command, arguments: item.command.arguments ?? [] };
        if (d > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None)
          row.children = walk(this.getChildren(n), d - 1);
        return row;
      });
    return walk(this.getChildren(), depth);
  }

  dispose(): void {
    if (this.visible) this.source.setVisible(false);
    for (const d of this.disposables) d.dispose();
  }
}

export interface DescribedRow {
  kind: InspectorNode['kind'];
  label: string;
  description: string;
  command?: { command: string; arguments: unknown[] };
  children?: DescribedRow[];
}
