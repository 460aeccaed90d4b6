// The goroutine inspector: live goroutines, channels, locks and detected problems of a Node program
// under the debugger, in four views of the Run and Debug side bar and a wait-for graph. This module
// only wires the parts together; `registerInspector` is the one call the extension makes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCommands, type CommandContext } from '../commands/registry.js';
import { ChannelsView } from './channelsView.js';
import { registerDebugConfiguration } from './debugConfig.js';
import { formatGoroutineStack, formatSnapshotDump, goroutineTitle } from './format.js';
import { GraphPanel, type RenderedGraph } from './graphPanel.js';
import { GoroutinesView, type Grouping } from './goroutinesView.js';
import { LocksView } from './locksView.js';
import { parseFilter, describeFilter } from './model.js';
import { openFrame, type InspectorNode } from './nodes.js';
import { ProblemsView } from './problemsView.js';
import type { SnapshotFrame } from './schema.js';
import { SnapshotSource, type LeakSearchOutcome } from './source.js';
import type { DescribedRow } from './view.js';

export const VIEW_IDS = {
  goroutines: 'goroutines.inspector.goroutines',
  channels: 'goroutines.inspector.channels',
  locks: 'goroutines.inspector.locks',
  problems: 'goroutines.inspector.problems',
} as const;

/** What `goroutines.inspector.describe` returns: the views' rows and the graph as drawn (for tests). */
export interface InspectorDescription {
  state: string;
  message?: string;
  fetchMs?: number;
  totals?: Record<string, number>;
  goroutines: DescribedRow[];
  channels: DescribedRow[];
  locks: DescribedRow[];
  problems: DescribedRow[];
  graph?: RenderedGraph;
  /** Keys of the rows selected in the Goroutines view. */
  selection: string[];
  grouping: Grouping;
  filter: string;
  /** Snapshots fetched so far. */
  fetches: number;
  trace: string[];
}

/** What a leak search found, in a sentence for the notification. */
function leakSearchMessage(outcome: LeakSearchOutcome, source: SnapshotSource): string {
  if (outcome.kind === 'unavailable') return `Cannot search for leaked goroutines: ${outcome.message}`;
  const { answer } = outcome;
  if (!answer.enabled) {
    return 'Leak detection is off in this program: run it with GOROUTINES_DEBUG=1 (or GOROUTINES_LEAKS=1).';
  }
  const s = source.state;
  const names = answer.leaked.map((id) => {
    const g = s.kind === 'snapshot' ? s.index.goroutines.get(id) : undefined;
    return g ? goroutineTitle(g) : `goroutine ${id}`;
  });
  const found = names.length
    ? `${names.length} leaked goroutine${names.length === 1 ? '' : 's'}: ${names.join(', ')}`
    : 'no leaked goroutine';
  if (outcome.kind === 'unfinished') {
    return `The garbage collector has not finished (is the program stopped? continue it); so far ${found}.`;
  }
  return names.length
    ? `Found ${found} (nothing can ever wake them).`
    : 'Found no leaked goroutine. (Only goroutines blocked on objects nothing reachable refers to are proven leaked.)';
}

export function registerInspector(ctx: CommandContext): void {
  const { extension: context, log } = ctx;
  registerDebugConfiguration(context);
  const source = new SnapshotSource(log);
  const goroutines = new GoroutinesView(VIEW_IDS.goroutines, source);
  const channels = new ChannelsView(VIEW_IDS.channels, source);
  const locks = new LocksView(VIEW_IDS.locks, source);
  const problems = new ProblemsView(VIEW_IDS.problems, source);
  const reveal = (id: number) => goroutines.reveal(id);
  const graph = new GraphPanel(context.extensionUri, source, reveal, log);
  context.subscriptions.push(source, goroutines, channels, locks, problems, graph);
  context.subscriptions.push(
    source.onDidChange((s) => {
      const n = s.kind === 'snapshot' ? s.index.problems.length : 0;
      problems.treeView.badge = n
        ? { value: n, tooltip: `${n} problem${n === 1 ? '' : 's'} detected` }
        : undefined;
    }),
  );
  void vscode.commands.executeCommand('setContext', 'goroutines.inspector.paused', false);

  // A goroutine id from a command's argument: an id, a row, or else the row selected in the view.
  const goroutineOf = (arg: unknown): number | undefined => {
    if (typeof arg === 'number') return arg;
    const node = (arg ?? goroutines.treeView.selection[0]) as InspectorNode | undefined;
    if (node?.kind === 'goroutine') return node.g.id;
    if (node?.kind === 'ref') return node.id;
    return undefined;
  };

  const group = (mode: Grouping) => () => goroutines.setGrouping(mode);

  registerCommands(ctx, {
    'inspector.refresh': async () => {
      const s = await source.refresh();
      return s.kind;
    },
    'inspector.pauseLive': () => source.setPaused(true),
    'inspector.resumeLive': () => source.setPaused(false),
    'inspector.showGraph': () => graph.show(),
    'inspector.findLeaks': async () => {
      const outcome = await vscode.window.withProgress(
        { location: { viewId: VIEW_IDS.problems }, title: 'Finding leaked goroutines' },
        () => source.findLeaks(),
      );
      void vscode.window.showInformationMessage(leakSearchMessage(outcome, source));
      if (outcome.kind !== 'unavailable' && outcome.answer.leaked.length > 0) {
        await vscode.commands.executeCommand(`${VIEW_IDS.problems}.focus`);
      }
      return outcome;
    },
    'inspector.groupByThread': group('thread'),
    'inspector.groupBySite': group('site'),
    'inspector.groupByParent': group('tree'),
    'inspector.showRuntime': () => goroutines.setFilter({ ...goroutines.filter, showRuntime: true }),
    'inspector.hideRuntime': () => goroutines.setFilter({ ...goroutines.filter, showRuntime: false }),
    'inspector.filter': async (text?: string) => {
      const input =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: 'Filter goroutines',
              prompt:
                'words to match (id, name, wait reason, function, file), state:waiting, thread:main or thread:3',
              value: describeFilter(goroutines.filter),
            });
      if (input !== undefined) goroutines.setFilter(parseFilter(input, goroutines.filter.showRuntime));
    },
    'inspector.clearFilter': () => goroutines.setFilter(parseFilter('', goroutines.filter.showRuntime)),
    'inspector.showMore': async (limit?: number) => {
      source.pageLimit = typeof limit === 'number' && limit > 0 ? Math.floor(limit) : source.pageLimit * 4;
      await source.refresh();
    },
    'inspector.revealGoroutine': async (id: number) => {
      if (!(await reveal(id)))
        void vscode.window.showInformationMessage(`goroutine ${id} is not in the last snapshot`);
    },
    'inspector.openFrame': (frame: SnapshotFrame) => openFrame(frame),
    'inspector.copyStack': async (arg?: unknown) => {
      const id = goroutineOf(arg);
      const s = source.state;
      const g = id !== undefined && s.kind === 'snapshot' ? s.index.goroutines.get(id) : undefined;
      if (!g)
        throw new Error(
          id === undefined ? 'select a goroutine first' : `goroutine ${id} is not in the last snapshot`,
        );
      const text = formatGoroutineStack(g);
      await vscode.env.clipboard.writeText(text);
      return text;
    },
    'inspector.saveDump': async (target?: vscode.Uri) => {
      const s = source.state;
      let text = await source.dumpText();
      if (text === undefined && s.kind === 'snapshot') text = formatSnapshotDump(s.index.snapshot);
      if (text === undefined)
        throw new Error('no goroutines to save: debug a program that uses the goroutines runtime');
      const pid = s.kind === 'snapshot' ? s.index.snapshot.pid : 0;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri =
        target ??
        (await vscode.window.showSaveDialog({
          title: 'Save goroutine dump',
          defaultUri: folder ? vscode.Uri.joinPath(folder, `goroutines-${pid}.goroutines`) : undefined,
          filters: { 'Goroutine dump': ['goroutines'] },
        }));
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      log.info(`inspector: saved a goroutine dump to ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}`);
      if (!target) await vscode.window.showTextDocument(uri, { preview: true });
      return uri;
    },
    'inspector.describe': (depth?: number): InspectorDescription => {
      const s = source.state;
      const d = typeof depth === 'number' ? depth : 3;
      return {
        state: s.kind,
        ...(s.kind === 'error' ? { message: s.message } : {}),
        ...(s.kind === 'snapshot' ? { fetchMs: s.fetchMs, totals: { ...s.index.snapshot.totals } } : {}),
        goroutines: goroutines.describe(d),
        channels: channels.describe(d),
        locks: locks.describe(d),
        problems: problems.describe(d),
        ...(graph.lastRendered ? { graph: graph.lastRendered } : {}),
        selection: goroutines.treeView.selection.map((n) => n.key),
        grouping: goroutines.groupingMode,
        filter: describeFilter(goroutines.filter),
        fetches: source.fetches,
        trace: [...source.trace],
      };
    },
    'inspector.waitForGraph': (predicate?: { highlighted?: boolean; after?: number }) =>
      new Promise<RenderedGraph>((resolve) => {
        const ok = (r: RenderedGraph | undefined) =>
          r && (!predicate?.highlighted || r.highlighted.length > 0) && r.takenAt > (predicate?.after ?? 0);
        if (ok(graph.lastRendered)) return resolve(graph.lastRendered!);
        const sub = graph.onDidRender((r) => {
          if (ok(r)) {
            sub.dispose();
            resolve(r);
          }
        });
      }),
    'inspector.selectGraphNode': (id: string | null) => graph.post({ type: 'select', id }),
    'inspector.zoomGraph': (scale: number) => graph.post({ type: 'zoom', scale }),
    'inspector.closeGraph': () => graph.close(),
  });
  log.info(`inspector: ready (${path.basename(context.extensionPath)})`);
}
