// GR3002: two locks taken in opposite orders on two paths (across functions, classes and files), the
// classic ABBA deadlock, with both acquisition chains; and two locks of one class taken through two
// parameters (transfer(a, b) racing transfer(b, a)). Lock classes are lockdep's: the field or variable
// a lock lives in (Tu et al., ASPLOS'19, "Mutex" and "RWMutex" blocking bugs).
import { ts } from 'ts-morph';
import type { FileFacts } from '../../analysis/index.js';
import {
  conflicts,
  lockEdges,
  lockStatement,
  parameterOwners,
  type LockEdge,
} from '../../analysis/lockclass.js';
import {
  className,
  lineOf,
  programCheck,
  type Finding,
  type Fix,
  type ProgramCheck,
  type ProgramContext,
  type Related,
} from '../../analysis/program.js';
import { doc } from './doc.js';

export const check: ProgramCheck = programCheck(
  {
    id: 'GR3002',
    name: 'lock-order-inversion',
    title: 'Two locks are taken in opposite orders on two paths',
    severity: 'error',
    doc,
  },
  run,
);

function run(ctx: ProgramContext, facts: FileFacts): Finding[] {
  const edges = lockEdges(ctx);
  const out: Finding[] = [];
  const reported = new Set<string>();
  for (const e of edges) {
    if (e.site.fn.node.getSourceFile() !== facts.sourceFile) continue;
    if (e.from === e.to) {
      const params = parameterOwners(e);
      if (!params || !conflicts(e.held.mode, e.mode)) continue;
      const key = `same:${e.site.node.pos}`;
      if (reported.has(key)) continue;
      reported.add(key);
      out.push({
        node: e.site.node,
        message: `${e.held.resource.text} and ${e.acquired.text} are both ${className(e.acquired)}: a call with ${params[0]} and ${params[1]} swapped takes them in the opposite order and both deadlock; lock them in a fixed order (by id)`,
        related: [
          { node: e.held.op.node, message: `${e.held.resource.text} is taken first here` },
          ...chain(e),
        ],
        fixes: [],
      });
      continue;
    }
    const other = edges.find(
      (o) =>
        o.from === e.to &&
        o.to === e.from &&
        conflicts(e.mode, o.held.mode) &&
        conflicts(o.mode, e.held.mode) &&
        !sharesGate(e, o),
    );
    if (!other) continue;
    const key = `${e.site.node.pos}:${e.from}:${e.to}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const where = other.site.fn.name === e.site.fn.name ? 'elsewhere in it' : `in ${other.site.fn.name}()`;
    const otherFile =
      other.site.node.getSourceFile() !== facts.sourceFile
        ? ` of ${baseName(other.site.node.getSourceFile().fileName)}`
        : '';
    out.push({
      node: e.site.node,
      message: `lock order ${className(e.held.resource)} → ${className(e.acquired)} here, ${className(other.held.resource)} → ${className(other.acquired)} ${where} (line ${lineOf(other.site.node)}${otherFile}): two goroutines taking both can deadlock`,
      related: [
        { node: e.held.op.node, message: `${e.held.resource.text} is held from here` },
        ...chain(e),
        {
          node: other.held.op.node,
          message: `the other order: ${other.held.resource.text} is held from here`,
        },
        { node: other.site.node, message: `… while ${other.acquired.text} is acquired here` },
        ...chain(other),
      ],
      fixes: reorderFix(e, other),
    });
  }
  return out;
}

/** A third lock held on both paths serialises them: no deadlock. */
function sharesGate(a: LockEdge, b: LockEdge): boolean {
  for (const c of a.heldClasses) if (c !== a.from && c !== b.from && b.heldClasses.has(c)) return true;
  return false;
}

function chain(e: LockEdge): Related[] {
  if (!e.via.length) return [];
  return [
    {
      node: e.lockOp.node,
      message: `${e.acquired.text} is taken here, through ${e.via.map((c) => `${c.name}()`).join(' → ')}`,
    },
  ];
}

function baseName(f: string): string {
  return f.replace(/^.*[\\/]/, '');
}

/**
 * When this function takes both locks in adjacent statements, swap them to the other path's order.
 * Offered on one side only (the later one), so applying every fix cannot reintroduce an inversion.
 */
function reorderFix(e: LockEdge, other: LockEdge): Fix[] {
  const swap = swappable(e);
  if (!swap) return [];
  const otherSwap = swappable(other);
  if (otherSwap && order(other) > order(e)) return [];
  const [first, second] = swap;
  const sf = first.getSourceFile();
  const a = first.getText(sf);
  const b = second.getText(sf);
  return [
    {
      title: `take ${e.acquired.text} before ${e.held.resource.text}, as ${other.site.fn.name}() does`,
      edits: [
        { fileName: sf.fileName, start: first.getStart(sf), end: first.end, newText: b },
        { fileName: sf.fileName, start: second.getStart(sf), end: second.end, newText: a },
      ],
    },
  ];
}

function order(e: LockEdge): string {
  return `${e.site.node.getSourceFile().fileName}:${String(e.site.node.pos).padStart(9, '0')}`;
}

function swappable(e: LockEdge): [ts.Statement, ts.Statement] | undefined {
  if (e.via.length || e.held.op.fn !== e.site.fn) return undefined;
  const s1 = lockStatement(e.held.op);
  const s2 = lockStatement(e.site);
  if (!s1 || !s2 || s1.parent !== s2.parent) return undefined;
  const list = (s1.parent as ts.Block).statements;
  if (!list || list.indexOf(s2) !== list.indexOf(s1) + 1) return undefined;
  return [s1, s2];
}
