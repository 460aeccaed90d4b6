// The bug corpus (test/corpus/<class>/<case>/{bug,fixed}): every bug program is flagged by the checks
// (all of them, as the product runs them) exactly where its `// want` comments say, and its fixed
// version draws no diagnostic at all.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseAll, compare, corpusCases, programFiles, root } from './harness.js';

const cases = corpusCases(join(root, 'test', 'corpus'));
// one workspace for the whole corpus: programs only meet through imports, so they do not interfere
// shared files are part of the program (a helper there may be where a channel is received)
const all = analyseAll(cases.flatMap((c) => [...programFiles(c.bug), ...programFiles(c.fixed), ...c.shared]));

describe('bug corpus', () => {
  it('has cases in every class', () => assert.ok(new Set(cases.map((c) => c.cls)).size >= 6));
  for (const c of cases) {
    describe(`${c.cls}/${c.name}`, () => {
      it('the bug is flagged where its want comments say', () => {
        const files = programFiles(c.bug);
        // `// miss "…"` marks a bug the checker is known not to find (counted as missed in the report)
        const named = files.some((f) => /\/\/ (want|miss) "/.test(readText(f)));
        assert.ok(named, 'a bug program names its expected diagnostics');
        assert.deepEqual(
          compare(
            files,
            all.filter((r) => files.includes(r.file)),
          ),
          [],
        );
      });
      it('the fixed version and the shared files are clean', () => {
        const files = [...programFiles(c.fixed), ...c.shared];
        assert.deepEqual(
          all
            .filter((r) => files.includes(r.file))
            .map((r) => `${r.file}:${r.line} ${r.id} ${r.finding.message}`),
          [],
        );
      });
    });
  }
});

function readText(f: string): string {
  return readFileSync(f, 'utf8');
}
