// wg.add() inside the goroutine it counts races with wg.wait() (staticcheck SA2000).
import { ts } from 'ts-morph';
import type { FunctionFacts, Op } from '../../analysis/index.js';
import { within } from '../../analysis/program.js';
import type { Check, Fix } from '../check.js';
import { deleteStatement, lineStartOf, ownStatement, statementInList } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR1002',
    name: 'wg-add-in-goroutine',
    title: 'wg.add() is called inside the goroutine it counts',
    severity: 'error',
    doc: {
      why: 'The goroutine may not have started when wg.wait() runs, so wait() can see a zero counter and return before the work is done. Call add() before starting the goroutine, or use wg.go(f).',
      wrong: `for (const job of jobs) {
  go(async () => {
    wg.add(1);
    try { await run(job); } finally { wg.done(); }
  });
}
await wg.wait();`,
      right: `for (const job of jobs) {
  wg.add(1);
  go(async () => {
    try { await run(job); } finally { wg.done(); }
  });
}
await wg.wait();`,
      whenNotToUse:
        'When the goroutine adds for work it starts itself, and a wait() cannot run before an earlier add() of the same WaitGroup.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      if (op.kind !== 'wgAdd' || !op.target) continue;
      const g = ctx.flow.goroutineOf(op.fn);
      if (!g.spawnedBy.length) continue;
      const decl = op.target.decl;
      // a WaitGroup the goroutine made itself, or received as a parameter, is its own business
      if (!decl || within(decl, g.node)) continue;
      if ((op.delta ?? 1) <= 0) continue;
      const spawn = g.spawnedBy[0]!;
      ctx.report({
        node: op.node,
        message: `${op.target.text}.add() inside the goroutine races with ${op.target.text}.wait(); call it before go() (line ${spawn.node.getSourceFile().getLineAndCharacterOfPosition(spawn.node.getStart()).line + 1})`,
        related: [{ node: spawn.node, message: 'the goroutine starts here' }],
        fixes: fixOf(op, g),
      });
    }
  },
};

/**
 * Moves `wg.add(n);` from the top level of an inline goroutine to just before the go() that starts
 * it, when that changes nothing else: a literal count, one spawn site, and a WaitGroup that means
 * the same there (an arrow keeps `this`).
 */
function fixOf(op: Op, g: FunctionFacts): Fix[] {
  const stmt = ownStatement(op);
  const body = (g.node as ts.FunctionLikeDeclaration).body;
  if (!stmt || op.fn !== g || op.loops.length || !body || stmt.parent !== body) return [];
  if (op.delta === undefined || g.spawnedBy.length !== 1) return [];
  const spawn = g.spawnedBy[0]!;
  if (spawn.target || !within(g.node, spawn.node)) return [];
  if (op.target!.text.startsWith('this') && !ts.isArrowFunction(g.node)) return [];
  const at = statementInList(spawn.node);
  if (!at) return [];
  const sf = stmt.getSourceFile();
  const insertAt = lineStartOf(sf, at.stmt.getStart(sf));
  const indent = sf.text.slice(insertAt, at.stmt.getStart(sf));
  if (indent.trim() !== '') return [];
  return [
    {
      title: `move ${op.target!.text}.add() before go()`,
      edits: [
        { fileName: sf.fileName, start: insertAt, end: insertAt, newText: `${indent}${stmt.getText(sf)}\n` },
        deleteStatement(sf, stmt),
      ],
    },
  ];
}
