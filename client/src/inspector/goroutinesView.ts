// The Goroutines view: every goroutine grouped by thread (or by identical park site with counts, or as
// the tree of who started whom), filtered by text, state and thread, with the runtime's own goroutines
// hidden unless asked for. Long lists are chunked and children built only when a row is expanded, so a
// program with 100,000 goroutines stays responsive.
import * as vscode from 'vscode';
import {
  chunked,
  commonChildren,
  goroutineNode,
  stackNode,
  type InspectorNode,
  type NodeOf,
} from './nodes.js';
import {
  describeFilter,
  groupByParkSite,
  isFiltering,
  matches,
  noFilter,
  type GoroutineFilter,
  type SnapshotIndex,
} from './model.js';
import type { SnapshotGoroutine } from './schema.js';
import type { SnapshotSource, SourceState } from './source.js';
import { InspectorView } from './view.js';

export type Grouping = 'thread' | 'site' | 'tree';

export class GoroutinesView extends InspectorView {
  private grouping: Grouping = 'thread';
  private filterValue: GoroutineFilter = noFilter;
  // Rows of the current snapshot by key, so `reveal` and the tree see the same objects.
  private cache = new Map<string, InspectorNode[]>();

  constructor(viewId: string, source: SnapshotSource) {
    super(viewId, source);
    this.updateContext();
  }

  get filter(): GoroutineFilter {
    return this.filterValue;
  }

  setFilter(filter: GoroutineFilter): void {
    this.filterValue = filter;
    this.refreshRows();
  }

  get groupingMode(): Grouping {
    return this.grouping;
  }

  setGrouping(grouping: Grouping): void {
    this.grouping = grouping;
    this.refreshRows();
  }

  private refreshRows(): void {
    this.cache.clear();
    this.updateContext();
    this.update(this.source.state);
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'goroutines.inspector.grouping', this.grouping);
    void vscode.commands.executeCommand(
      'setContext',
      'goroutines.inspector.filtering',
      isFiltering(this.filterValue),
    );
    void vscode.commands.executeCommand(
      'setContext',
      'goroutines.inspector.showRuntime',
      this.filterValue.showRuntime,
    );
  }

  protected override update(state: SourceState): void {
    this.cache.clear();
    super.update(state);
    const text = describeFilter(this.filterValue);
    if (state.kind === 'snapshot') {
      const t = state.index.snapshot.totals;
      this.treeView.description = `${t.goroutines} goroutine${t.goroutines === 1 ? '' : 's'}${text ? ` · filter: ${text}` : ''}`;
    } else this.treeView.description = text ? `filter: ${text}` : undefined;
  }

  private listed(index: SnapshotIndex): SnapshotGoroutine[] {
    return index.snapshot.goroutines.filter((g) => matches(g, this.filterValue));
  }

  private cached(key: string, make: () => InspectorNode[]): InspectorNode[] {
    let rows = this.cache.get(key);
    if (!rows) this.cache.set(key, (rows = make()));
    return rows;
  }

  protected roots(index: SnapshotIndex): InspectorNode[] {
    return this.cached('', () => {
      const goroutines = this.listed(index);
      const rows: InspectorNode[] = [];
      if (this.grouping === 'thread') {
        const byThread = new Map<number, SnapshotGoroutine[]>();
        for (const g of goroutines) {
          const list = byThread.get(g.thread);
          if (list) list.push(g);
          else byThread.set(g.thread, [g]);
        }
        for (const thread of [...byThread.keys()].sort((a, b) => a - b)) {
          rows.push({
            kind: 'thread',
            thread,
            goroutines: byThread.get(thread)!,
            key: `t${thread}`,
            parent: undefined,
          });
        }
      } else if (this.grouping === 'site') {
        if (!index.complete && !isFiltering(this.filterValue)) {
          // Not every goroutine is listed: the runtime's own groups count them all.
          for (const [i, group] of index.snapshot.groups.entries()) {
            rows.push({
              kind: 'runtimeGroup',
              group,
              key: `rg${i}:${group.state}:${group.waitReason}`,
              parent: undefined,
            });
          }
        } else {
          for (const group of groupByParkSite(goroutines))
            rows.push({ kind: 'parkGroup', group, key: `s${group.key}`, parent: undefined });
        }
      } else {
        const roots = index.roots().filter((g) => matches(g, this.filterValue));
        rows.push(...chunked(undefined, roots, true));
      }
      if (!index.complete) {
        rows.push({
          kind: 'more',
          listed: index.snapshot.goroutines.length,
          total: index.snapshot.totals.goroutines,
          key: 'more',
          parent: undefined,
        });
      }
      if (rows.length === 0) {
        rows.push({
          kind: 'message',
          text: isFiltering(this.filterValue) ? 'no goroutine matches the filter' : 'no goroutines',
          detail: '',
          key: 'empty',
          parent: undefined,
        });
      }
      return rows;
    });
  }

  protected override children(node: InspectorNode, index: SnapshotIndex): InspectorNode[] | undefined {
    switch (node.kind) {
      case 'thread':
        return this.cached(node.key, () => chunked(node, node.goroutines, false));
      case 'parkGroup':
        return this.cached(node.key, () => [
          stackNode(node, 'parked at', node.group.parkedAt),
          stackNode(node, 'created at', node.group.createdAt),
          ...chunked(node, node.group.goroutines, false),
        ]);
      case 'runtimeGroup':
        return [
          stackNode(node, 'parked at', node.group.parkedAt),
          stackNode(node, 'created at', node.group.createdAt),
          ...node.group.sampleIds.flatMap((id) => {
            const g = index.goroutines.get(id);
            return g ? [goroutineNode(node, g, false)] : [];
          }),
        ];
      case 'chunk':
        return this.cached(node.key, () => commonChildren(node, index));
      case 'goroutine':
        if (!node.withChildren) return undefined;
        return this.cached(node.key, () => {
          const kids = (index.childrenOf.get(node.g.id) ?? []).filter(
            (g) => g.id !== node.g.id && matches(g, this.filterValue),
          );
          return [...commonChildren(node, index), ...chunked(node, kids, true)];
        });
      default:
        return undefined;
    }
  }

  /** The row of goroutine `id` in the current grouping, for `reveal`. */
  nodeFor(id: number): NodeOf<'goroutine'> | undefined {
    const index = this.index;
    if (!index) return undefined;
    const find = (rows: InspectorNode[], depth: number): NodeOf<'goroutine'> | undefined => {
      for (const row of rows) {
        if (row.kind === 'goroutine' && row.g.id === id) return row;
      }
      if (depth === 0) return undefined;
      for (const row of rows) {
        if (!this.contains(row, id, index)) continue;
        const found = find(this.getChildren(row), depth - 1);
        if (found) return found;
      }
      return undefined;
    };
    return find(this.getChildren(), 64);
  }

  // Whether a row's subtree can hold goroutine `id`: keeps `nodeFor` from expanding every row.
  private contains(row: InspectorNode, id: number, index: SnapshotIndex): boolean {
    switch (row.kind) {
      case 'thread':
      case 'chunk':
        return row.goroutines.some((g) => g.id === id);
      case 'parkGroup':
        return row.group.goroutines.some((g) => g.id === id);
      case 'runtimeGroup':
        return row.group.sampleIds.includes(id);
      case 'goroutine': {
        if (!row.withChildren) return false;
        for (
          let g = index.goroutines.get(id);
          g && g.parentId !== g.id;
          g = index.goroutines.get(g.parentId)
        ) {
          if (g.parentId === row.g.id) return true;
        }
        return false;
      }
      default:
        return false;
    }
  }

  async reveal(id: number): Promise<boolean> {
    let node = this.nodeFor(id);
    if (!node && !this.filterValue.showRuntime) {
      // A runtime goroutine is hidden by default: show it rather than fail.
      this.setFilter({ ...this.filterValue, showRuntime: true });
      node = this.nodeFor(id);
    }
    if (!node && isFiltering(this.filterValue)) {
      this.setFilter({ ...noFilter, showRuntime: this.filterValue.showRuntime });
      node = this.nodeFor(id);
    }
    if (!node) return false;
    await this.treeView.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }
}
