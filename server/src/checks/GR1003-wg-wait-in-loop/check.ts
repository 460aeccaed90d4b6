// wg.wait() inside the loop that starts the goroutines serialises them.
import { ts } from 'ts-morph';
import type { Op } from '../../analysis/index.js';
import type { Check, Fix } from '../check.js';
import { lineOf, lineStartOf, ownLines, ownStatement, statementInList } from '../util.js';

export const check: Check = {
  meta: {
    id: 'GR1003',
    name: 'wg-wait-in-loop',
    title: 'wg.wait() inside the loop that starts the goroutines',
    severity: 'warning',
    doc: {
      why: 'Waiting inside the loop waits for each goroutine before starting the next: the work runs one at a time, and the WaitGroup buys nothing. Wait once, after the loop.',
      wrong: `for (const url of urls) {
  wg.go(() => fetchOne(url));
  await wg.wait();
}`,
      right: `for (const url of urls) {
  wg.go(() => fetchOne(url));
}
await wg.wait();`,
      whenNotToUse:
        'When the loop deliberately runs batches one after another and each iteration starts several goroutines.',
    },
  },
  run(ctx) {
    for (const wait of ctx.file.ops) {
      if (wait.kind !== 'wgWait' || !wait.target || !wait.loops.length) continue;
      const loop = wait.loops[0]!;
      const key = wait.target.key;
      const spawn = wait.fn.ops.find(
        (o) =>
          o.loops[0] === loop &&
          ((o.kind === 'spawn' && o.target?.key === key) ||
            (o.kind === 'wgAdd' && o.target?.key === key && o.node.getStart() < wait.node.getStart())),
      );
      if (!spawn) continue;
      // a batch loop starting several goroutines per iteration is deliberate
      const perIteration = wait.fn.ops.filter((o) => o.kind === 'spawn' && o.loops[0] === loop).length;
      if (perIteration > 1) continue;
      ctx.report({
        node: wait.node,
        message: `${wait.target.text}.wait() inside the loop waits for each goroutine in turn; move it after the loop (line ${lineOf(loop)})`,
        related: [{ node: spawn.node, message: 'the goroutine starts here' }],
        fixes: moveAfterLoop(wait, loop),
      });
    }
  },
};

/**
 * Moves `await wg.wait();` from the end of the loop body to just after the loop, when the
 * WaitGroup is declared outside the loop and the wait is the body's last statement.
 */
function moveAfterLoop(wait: Op, loop: ts.Node): Fix[] {
  const stmt = ownStatement(wait);
  if (!stmt || !ts.isIterationStatement(loop, false) || !ts.isBlock(loop.statement)) return [];
  if (loop.statement.statements.at(-1) !== stmt) return [];
  const decl = wait.target!.decl;
  if (!decl || (decl.getStart() >= loop.getStart() && decl.getEnd() <= loop.getEnd())) return [];
  const at = statementInList(loop);
  if (!at || at.stmt !== loop) return [];
  const sf = stmt.getSourceFile();
  // the wait moves with its own line, which a line break must end
  const own = ownLines(sf, stmt);
  if (!own || !sf.text.slice(own.start, own.end).endsWith('\n')) return [];
  const indent = sf.text.slice(lineStartOf(sf, loop.getStart(sf)), loop.getStart(sf));
  if (indent.trim() !== '') return [];
  return [
    {
      title: `move ${wait.target!.text}.wait() after the loop`,
      edits: [
        { fileName: sf.fileName, start: own.start, end: own.end, newText: '' },
        {
          fileName: sf.fileName,
          start: loop.getEnd(),
          end: loop.getEnd(),
          newText: `\n${indent}${stmt.getText(sf)}`,
        },
      ],
    },
  ];
}
