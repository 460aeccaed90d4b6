// The inspector's tree nodes, one tagged union for the four views, and how each kind renders. A node's
// `key` is stable across snapshots (it names what the row is, not where it was), so expanded rows
// stay expanded as live updates arrive.
import * as vscode from 'vscode';
import { baseName, frameLabel, goroutineTitle, stateLabel, waitLabel } from './format.js';
import { isRuntimeFile, threadLabel, userFrame, type ParkSiteGroup, type SnapshotIndex } from './model.js';
import type {
  SnapshotChannel,
  SnapshotFrame,
  SnapshotGoroutine,
  SnapshotGoroutineGroup,
  SnapshotLock,
  SnapshotProblem,
} from './schema.js';

export const OPEN_FRAME = 'goroutines.inspector.openFrame';
export const REVEAL_GOROUTINE = 'goroutines.inspector.revealGoroutine';
export const SHOW_MORE = 'goroutines.inspector.showMore';

interface Base {
  readonly key: string;
  readonly parent: InspectorNode | undefined;
}

export type InspectorNode = Base &
  (
    | { readonly kind: 'message'; readonly text: string; readonly detail: string }
    | { readonly kind: 'thread'; readonly thread: number; readonly goroutines: SnapshotGoroutine[] }
    | { readonly kind: 'chunk'; readonly start: number; readonly goroutines: SnapshotGoroutine[] }
    | { readonly kind: 'parkGroup'; readonly group: ParkSiteGroup }
    | { readonly kind: 'runtimeGroup'; readonly group: SnapshotGoroutineGroup }
    | { readonly kind: 'goroutine'; readonly g: SnapshotGoroutine; readonly withChildren: boolean }
    | { readonly kind: 'stack'; readonly title: string; readonly frames: SnapshotFrame[] }
    | { readonly kind: 'frame'; readonly frame: SnapshotFrame }
    | { readonly kind: 'more'; readonly listed: number; readonly total: number }
    | { readonly kind: 'channel'; readonly c: SnapshotChannel }
    | { readonly kind: 'lock'; readonly l: SnapshotLock }
    | { readonly kind: 'refs'; readonly title: string; readonly ids: number[] }
    | { readonly kind: 'ref'; readonly id: number; readonly role: string; readonly frames: SnapshotFrame[] }
    | {
        readonly kind: 'object';
        readonly object: 'channel' | 'lock';
        readonly id: number;
        readonly role: string;
      }
    | { readonly kind: 'problem'; readonly p: SnapshotProblem }
  );

export type NodeOf<K extends InspectorNode['kind']> = Extract<InspectorNode, { kind: K }>;

/** Goroutines are listed in chunks of this many under one row, so no row has a huge child list. */
export const CHUNK = 500;

const state = (g: SnapshotGoroutine | SnapshotGoroutineGroup): string => g.state;

function stateIcon(s: string, problem: boolean): vscode.ThemeIcon {
  if (problem) return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  switch (s) {
    case 'running':
      return new vscode.ThemeIcon('debug-start');
    case 'runnable':
      return new vscode.ThemeIcon('debug-continue');
    default:
      return new vscode.ThemeIcon('debug-pause');
  }
}

function frameUri(f: SnapshotFrame): vscode.Uri | undefined {
  if (!f.file || f.file.startsWith('node:')) return undefined;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(f.file)) {
    try {
      return vscode.Uri.parse(f.file);
    } catch {
      return undefined;
    }
  }
  return vscode.Uri.file(f.file);
}

export function openFrameCommand(f: SnapshotFrame | undefined): vscode.Command | undefined {
  if (!f || !frameUri(f)) return undefined;
  return { title: 'Open source', command: OPEN_FRAME, arguments: [f] };
}

/** Opens a frame's source at its line and column (1-based in snapshots). */
export async function openFrame(f: SnapshotFrame): Promise<vscode.TextEditor | undefined> {
  const uri = frameUri(f);
  if (!uri) return undefined;
  const pos = new vscode.Position(Math.max(0, f.line - 1), Math.max(0, f.column - 1));
  return vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), preview: true });
}

function stackTooltip(title: string, frames: readonly SnapshotFrame[]): string {
  return [title, ...frames.map((f) => `  ${f.fn || '<anonymous>'}  ${f.file}:${f.line}`)].join('\n');
}

function problemTitle(p: SnapshotProblem): string {
  switch (p.kind) {
    case 'deadlock':
      return 'deadlock';
    case 'goroutine-leak':
      return 'goroutine leak';
    case 'lock-order':
      return 'lock-order inversion';
    case 'recursive-lock':
      return 'recursive lock';
    case 'lock-wait':
      return 'long lock wait';
    default:
      return (p as { kind: string }).kind;
  }
}

function goroutineDescription(g: SnapshotGoroutine, index: SnapshotIndex): string {
  const parts = [stateLabel(g)];
  const target = index.waitTarget(g);
  if (target)
    parts.push(
      target.kind === 'channel'
        ? `on chan ${target.id}`
        : `on ${index.locks.get(target.id)?.kind ?? 'lock'} ${target.id}`,
    );
  if (index.threads.length > 1 && g.thread !== 0) parts.push(`thread ${g.thread}`);
  return parts.join(' · ');
}

/** The VS Code row for a node. */
export function renderNode(node: InspectorNode, index: SnapshotIndex | undefined): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'message':
      item = new vscode.TreeItem(node.text, C.None);
      item.tooltip = node.detail || node.text;
      item.iconPath = new vscode.ThemeIcon('info');
      break;
    case 'thread': {
      item = new vscode.TreeItem(threadLabel(node.thread), C.Expanded);
      const waiting = node.goroutines.filter((g) => g.state === 'waiting').length;
      item.description = `${node.goroutines.length} goroutine${node.goroutines.length === 1 ? '' : 's'}, ${waiting} waiting`;
      item.iconPath = new vscode.ThemeIcon(node.thread === 0 ? 'server-process' : 'server-environment');
      break;
    }
    case 'chunk': {
      const first = node.goroutines[0]?.id ?? 0;
      const last = node.goroutines[node.goroutines.length - 1]?.id ?? 0;
      item = new vscode.TreeItem(`goroutines ${first}…${last}`, C.Collapsed);
      item.description = `${node.goroutines.length}`;
      break;
    }
    case 'parkGroup': {
      const g = node.group;
      const n = g.goroutines.length;
      const site = userFrame(g.parkedAt) ?? userFrame(g.createdAt);
      item = new vscode.TreeItem(
        `${n} × ${g.state === 'waiting' ? waitLabel(g.waitReason || 'waiting', g.maxWaitingSeconds) : g.state}`,
        C.Collapsed,
      );
      item.description = site ? frameLabel(site) : '';
      item.tooltip = stackTooltip(
        `${n} goroutines parked here`,
        g.parkedAt.length ? g.parkedAt : g.createdAt,
      );
      item.iconPath = stateIcon(g.state, false);
      item.command = openFrameCommand(site);
      break;
    }
    case 'runtimeGroup': {
      const g = node.group;
      const site = userFrame(g.parkedAt) ?? userFrame(g.createdAt);
      item = new vscode.TreeItem(
        `${g.count} × ${g.state === 'waiting' ? waitLabel(g.waitReason || 'waiting', g.maxWaitingSeconds) : g.state}`,
        C.Collapsed,
      );
      item.description = site ? frameLabel(site) : '';
      item.tooltip = `${g.count} goroutines, e.g. ${g.sampleIds.join(', ')}`;
      item.iconPath = stateIcon(state(g), false);
      item.command = openFrameCommand(site);
      break;
    }
    case 'goroutine': {
      const g = node.g;
      const problems = index?.problemsOf.get(g.id) ?? [];
      item = new vscode.TreeItem(goroutineTitle(g), C.Collapsed);
      item.description = index ? goroutineDescription(g, index) : stateLabel(g);
      item.tooltip = stackTooltip(
        `${goroutineTitle(g)} [${stateLabel(g)}]${problems.length ? ` — ${problems.map((p) => p.message).join('; ')}` : ''}`,
        g.parkedAt.length ? g.parkedAt : g.createdAt,
      );
      item.iconPath = stateIcon(g.state, problems.length > 0);
      item.contextValue = 'goroutine';
      item.command = openFrameCommand(userFrame(g.parkedAt) ?? userFrame(g.createdAt));
      break;
    }
    case 'stack':
      item = new vscode.TreeItem(node.title, node.frames.length ? C.Expanded : C.None);
      item.description = node.frames.length ? '' : 'not recorded';
      item.iconPath = new vscode.ThemeIcon('call-outgoing');
      break;
    case 'frame': {
      const f = node.frame;
      item = new vscode.TreeItem(f.fn || '<anonymous>', C.None);
      item.description = `${baseName(f.file)}:${f.line}${isRuntimeFile(f.file) ? ' (runtime)' : ''}`;
      item.tooltip = `${f.file}:${f.line}:${f.column}`;
      item.iconPath = new vscode.ThemeIcon('symbol-function');
      item.command = openFrameCommand(f);
      break;
    }
    case 'more':
      item = new vscode.TreeItem(`listing ${node.listed} of ${node.total} goroutines: show more`, C.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { title: 'Show more', command: SHOW_MORE };
      break;
    case 'channel': {
      const c = node.c;
      item = new vscode.TreeItem(`chan ${c.id}`, C.Collapsed);
      const parts = [`${c.length}/${c.capacity}`];
      if (c.closed) parts.push('closed');
      if (c.sendWaiters.length) parts.push(`${c.sendWaiters.length} sending`);
      if (c.recvWaiters.length) parts.push(`${c.recvWaiters.length} receiving`);
      item.description = `${parts.join(', ')} · ${c.label ? baseName(c.label) : ''}`;
      item.tooltip = `chan ${c.id} created at ${c.label}: len ${c.length}, cap ${c.capacity}${c.closed ? ', closed' : ''}`;
      item.iconPath = new vscode.ThemeIcon('arrow-swap');
      item.command = openFrameCommand(userFrame(c.createdAt));
      break;
    }
    case 'lock': {
      const l = node.l;
      item = new vscode.TreeItem(`${l.kind} ${l.id}`, C.Collapsed);
      const parts: string[] = [];
      if (l.holder !== null) parts.push(`held by ${l.holder}`);
      if (l.readHolders.length) parts.push(`${l.readHolders.length} reading`);
      if (l.waiters.length) parts.push(`${l.waiters.length} waiting`);
      if (parts.length === 0) parts.push('free');
      item.description = `${parts.join(', ')} · ${l.label ? baseName(l.label) : ''}`;
      item.tooltip = `${l.kind} ${l.id} created at ${l.label}`;
      item.iconPath = new vscode.ThemeIcon(l.holder !== null || l.readHolders.length ? 'lock' : 'unlock');
      item.command = openFrameCommand(userFrame(l.createdAt));
      break;
    }
    case 'refs':
      item = new vscode.TreeItem(node.title, node.ids.length ? C.Expanded : C.None);
      item.description = `${node.ids.length}`;
      break;
    case 'ref': {
      const g = index?.goroutines.get(node.id);
      item = new vscode.TreeItem(
        g ? goroutineTitle(g) : `goroutine ${node.id}`,
        node.frames.length ? C.Collapsed : C.None,
      );
      item.description = [node.role, g ? stateLabel(g) : ''].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('debug-stackframe-focused');
      item.command = { title: 'Reveal goroutine', command: REVEAL_GOROUTINE, arguments: [node.id] };
      break;
    }
    case 'object': {
      const l = node.object === 'lock' ? index?.locks.get(node.id) : undefined;
      const c = node.object === 'channel' ? index?.channels.get(node.id) : undefined;
      item = new vscode.TreeItem(c ? `chan ${node.id}` : `${l?.kind ?? 'lock'} ${node.id}`, C.None);
      item.description = [node.role, baseName(c?.label ?? l?.label ?? '')].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(c ? 'arrow-swap' : 'lock');
      item.command = openFrameCommand(userFrame(c?.createdAt ?? l?.createdAt ?? []));
      break;
    }
    case 'problem':
      item = new vscode.TreeItem(problemTitle(node.p), C.Expanded);
      item.description = node.p.message;
      item.tooltip = node.p.message;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      break;
    default: {
      const never: never = node;
      throw new Error(`unknown inspector node ${String((never as { kind: unknown }).kind)}`);
    }
  }
  item.id = node.key;
  return item;
}

/** Children shared by every view: a goroutine's stacks, a stack's frames, a reference's park site. */
export function commonChildren(node: InspectorNode, index: SnapshotIndex): InspectorNode[] {
  switch (node.kind) {
    case 'goroutine': {
      const g = node.g;
      const out: InspectorNode[] = [];
      if (g.state === 'waiting') out.push(stackNode(node, 'parked at', g.parkedAt));
      out.push(
        stackNode(node, g.parentId ? `created by goroutine ${g.parentId} at` : 'created at', g.createdAt),
      );
      const target = index.waitTarget(g);
      if (target)
        out.push({
          kind: 'object',
          object: target.kind,
          id: target.id,
          role: 'waits on',
          key: `${node.key}/on`,
          parent: node,
        });
      return out;
    }
    case 'stack':
    case 'ref':
      return node.frames.map((frame, i) => ({ kind: 'frame', frame, key: `${node.key}/${i}`, parent: node }));
    case 'refs':
      return node.ids.map((id) => refNode(node, id, '', index));
    case 'chunk':
      return node.goroutines.map((g) => goroutineNode(node, g, false));
    default:
      return [];
  }
}

export function stackNode(parent: InspectorNode, title: string, frames: SnapshotFrame[]): InspectorNode {
  return { kind: 'stack', title, frames, key: `${parent.key}/${title}`, parent };
}

export function goroutineNode(
  parent: InspectorNode | undefined,
  g: SnapshotGoroutine,
  withChildren: boolean,
): NodeOf<'goroutine'> {
  return { kind: 'goroutine', g, withChildren, key: `${parent?.key ?? ''}/g${g.id}`, parent };
}

export function refNode(
  parent: InspectorNode,
  id: number,
  role: string,
  index: SnapshotIndex,
  frames?: SnapshotFrame[],
): InspectorNode {
  const g = index.goroutines.get(id);
  return {
    kind: 'ref',
    id,
    role,
    frames: frames ?? g?.parkedAt ?? [],
    key: `${parent.key}/r${id}${role}`,
    parent,
  };
}

/** Splits a long list of goroutines into chunk rows; short lists stay as they are. */
export function chunked(
  parent: InspectorNode | undefined,
  goroutines: SnapshotGoroutine[],
  withChildren: boolean,
): InspectorNode[] {
  if (goroutines.length <= CHUNK) return goroutines.map((g) => goroutineNode(parent, g, withChildren));
  const out: InspectorNode[] = [];
  for (let i = 0; i < goroutines.length; i += CHUNK) {
    out.push({
      kind: 'chunk',
      start: i,
      goroutines: goroutines.slice(i, i + CHUNK),
      key: `${parent?.key ?? ''}/chunk${i}`,
      parent,
    });
  }
  return out;
}

export function message(key: string, text: string, detail = ''): InspectorNode {
  return { kind: 'message', text, detail, key, parent: undefined };
}
