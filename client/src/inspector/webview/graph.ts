// The wait-for graph page, running inside the webview (bundled with elkjs by scripts/build.mjs into
// dist/inspector-graph.js). It lays the graph out with ELK's layered algorithm, draws it as SVG, keeps
// zoom, pan and selection across live updates, and tells the extension what it drew.
import * as elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphModel, GraphNode } from '../graphModel.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  scale: number;
  x: number;
  y: number;
  selected: string | null;
}

const vscode = acquireVsCodeApi();
type ElkConstructor = new () => ElkApi;
// A CommonJS module: its constructor is the namespace's default once bundled.
const elkModule = elkBundled as unknown as { default?: ElkConstructor } & ElkConstructor;
const elk = new (elkModule.default ?? elkModule)();
const SVG = 'http://www.w3.org/2000/svg';
const svg = document.getElementById('graph') as unknown as SVGSVGElement;
const layer = document.getElementById('layer') as unknown as SVGGElement;
const status = document.getElementById('status')!;
const saved = vscode.getState() as Partial<ViewState> | undefined;
const view: ViewState = {
  scale: saved?.scale ?? 1,
  x: saved?.x ?? 20,
  y: saved?.y ?? 20,
  selected: saved?.selected ?? null,
};
let model: GraphModel | null = null;
// The first drawing fits the graph in the page; after that zoom and pan are the user's.
let fitted = saved?.scale !== undefined;

function fit(width: number, height: number): void {
  const box = svg.getBoundingClientRect();
  const margin = 24;
  const top = 36;
  const scale = Math.min(
    1.5,
    (box.width - 2 * margin) / Math.max(1, width),
    (box.height - top - margin) / Math.max(1, height),
  );
  view.scale = Math.max(0.1, scale);
  view.x = margin;
  view.y = top;
}
let generation = 0;

function applyTransform(): void {
  layer.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.scale})`);
  vscode.setState(view);
}

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

const width = (n: GraphNode): number => Math.max(90, 7 * Math.max(n.label.length, n.detail.length) + 20);

async function render(m: GraphModel): Promise<void> {
  const mine = ++generation;
  const t0 = performance.now();
  const laid: ElkNode = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
    },
    children: m.nodes.map((n) => ({ id: n.id, width: width(n), height: 40 })),
    edges: m.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  // A newer model arrived while this one was being laid out.
  if (mine !== generation) return;
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  const pos = new Map((laid.children ?? []).map((c: ElkNode) => [c.id, c]));
  layer.replaceChildren();
  for (const e of laid.edges ?? []) {
    const info = m.edges.find((x) => x.id === e.id);
    for (const s of e.sections ?? []) {
      const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => `${p.x},${p.y}`).join(' ');
      const line = el('polyline', {
        points: pts,
        class: `edge ${info?.kind ?? ''}${info?.highlighted ? ' hot' : ''}`,
        'marker-end': 'url(#arrow)',
      });
      line.dataset.edge = e.id;
      layer.append(line);
    }
  }
  for (const n of m.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const g = el('g', {
      class: `node ${n.kind}${n.kind === 'group' ? ` of-${n.groupOf ?? 'goroutine'}` : ''}${n.highlighted ? ' hot' : ''}${view.selected === n.id ? ' selected' : ''}`,
      transform: `translate(${p.x ?? 0} ${p.y ?? 0})`,
      tabindex: 0,
    });
    g.dataset.id = n.id;
    g.dataset.kind = n.kind;
    const of = n.kind === 'group' ? (n.groupOf ?? 'goroutine') : n.kind;
    const rx = of === 'goroutine' ? 6 : of === 'channel' ? 20 : 0;
    const w = p.width ?? 0;
    const h = p.height ?? 0;
    // A group is drawn as a stack of its kind's shape.
    const shapes =
      n.kind === 'group'
        ? [
            el('rect', { x: 4, y: -4, width: w, height: h, rx, class: 'behind' }),
            el('rect', { width: w, height: h, rx }),
          ]
        : [el('rect', { width: w, height: h, rx })];
    const label = el('text', { x: 10, y: 17, class: 'label' });
    label.textContent = n.label;
    const detail = el('text', { x: 10, y: 32, class: 'detail' });
    detail.textContent = n.detail;
    const title = el('title', {});
    title.textContent = `${n.label}\n${n.detail}${n.frame ? `\n${n.frame.file}:${n.frame.line}` : ''}`;
    g.append(...shapes, label, detail, title);
    layer.append(g);
  }
  if (!fitted) {
    fit(laid.width ?? 0, laid.height ?? 0);
    fitted = true;
  }
  applyTransform();
  const parts = [`${m.nodes.length} nodes`, `${m.edges.length} edges`];
  if (m.cycles.length) parts.push(`${m.cycles.length} cycle${m.cycles.length === 1 ? '' : 's'}`);
  if (m.grouped) parts.push(`${m.goroutines} goroutines, ${m.grouped} of them in groups`);
  status.textContent = parts.join(', ');
  report(m, byId, performance.now() - t0);
}

// What the page drew, read back from the page itself (the tests check it).
function report(m: GraphModel, byId: Map<string, GraphNode>, drawMs: number): void {
  const drawn = [...layer.querySelectorAll('.node')] as SVGGElement[];
  const placed = new Set(drawn.map((g) => g.dataset.id));
  const edges = new Map<string, boolean>();
  for (const line of layer.querySelectorAll('.edge')) {
    const id = (line as SVGPolylineElement).dataset.edge ?? '';
    edges.set(id, (edges.get(id) ?? false) || line.classList.contains('hot'));
  }
  vscode.postMessage({
    type: 'rendered',
    takenAt: m.takenAt,
    nodes: [
      ...drawn.map((g) => ({
        id: g.dataset.id,
        label: g.querySelector('text.label')?.textContent ?? '',
        detail: g.querySelector('text.detail')?.textContent ?? '',
        kind: g.dataset.kind,
        highlighted: g.classList.contains('hot'),
        placed: true,
      })),
      ...m.nodes
        .filter((n) => !placed.has(n.id))
        .map((n) => ({
          id: n.id,
          label: n.label,
          detail: n.detail,
          kind: n.kind,
          highlighted: false,
          placed: false,
        })),
    ],
    edges: [...edges].map(([id, highlighted]) => ({ id, highlighted })),
    cycles: m.cycles,
    highlighted: drawn.filter((g) => g.classList.contains('hot')).map((g) => g.dataset.id),
    goroutines: m.goroutines,
    grouped: m.grouped,
    status: status.textContent,
    drawMs: Math.round(drawMs),
    selected: view.selected && byId.has(view.selected) ? view.selected : null,
    view: { scale: view.scale, x: view.x, y: view.y },
  });
}

function select(id: string | null, open: boolean): void {
  view.selected = id;
  for (const g of layer.querySelectorAll('.node')) {
    (g as SVGGElement).classList.toggle('selected', (g as SVGGElement).dataset.id === id);
  }
  applyTransform();
  if (id && open) vscode.postMessage({ type: 'open', id });
}

layer.addEventListener('click', (ev) => {
  const g = (ev.target as Element).closest('.node') as SVGGElement | null;
  select(g?.dataset.id ?? null, true);
});
layer.addEventListener('keydown', (ev) => {
  const g = (ev.target as Element).closest('.node') as SVGGElement | null;
  if (g && (ev.key === 'Enter' || ev.key === ' ')) select(g.dataset.id ?? null, true);
});

let drag: { x: number; y: number } | null = null;
svg.addEventListener('pointerdown', (ev) => {
  if ((ev.target as Element).closest('.node')) return;
  drag = { x: ev.clientX - view.x, y: ev.clientY - view.y };
  svg.setPointerCapture(ev.pointerId);
});
svg.addEventListener('pointermove', (ev) => {
  if (!drag) return;
  view.x = ev.clientX - drag.x;
  view.y = ev.clientY - drag.y;
  fitted = true;
  applyTransform();
});
svg.addEventListener('pointerup', () => (drag = null));
svg.addEventListener('dblclick', (ev) => {
  if ((ev.target as Element).closest('.node') || !model) return;
  fitted = false;
  void render(model);
});
svg.addEventListener(
  'wheel',
  (ev) => {
    ev.preventDefault();
    const factor = Math.exp(-ev.deltaY / 500);
    const scale = Math.min(4, Math.max(0.1, view.scale * factor));
    // Zoom around the pointer.
    view.x = ev.offsetX - ((ev.offsetX - view.x) * scale) / view.scale;
    view.y = ev.offsetY - ((ev.offsetY - view.y) * scale) / view.scale;
    view.scale = scale;
    fitted = true;
    applyTransform();
  },
  { passive: false },
);

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = ev.data as { type: string; model?: GraphModel; id?: string; scale?: number };
  if (msg.type === 'model' && msg.model) {
    model = msg.model;
    render(model).catch((err: unknown) => {
      status.textContent = `layout failed: ${String(err)}`;
      vscode.postMessage({ type: 'error', message: String(err) });
    });
  } else if (msg.type === 'select') {
    select(msg.id ?? null, false);
    if (model) void render(model);
  } else if (msg.type === 'zoom' && typeof msg.scale === 'number') {
    view.scale = msg.scale;
    // A zoom before the first layout has finished is the user's too: that layout must not fit over it.
    fitted = true;
    applyTransform();
    if (model) void render(model);
  }
});

applyTransform();
vscode.postMessage({ type: 'ready' });
