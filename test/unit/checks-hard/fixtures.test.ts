// Every fixture of every whole-program check: diagnostics exactly where `// want` says, each naming
// the other party, and quick fixes that produce the `.golden` text.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { analyse, checkFolders, compare, fixed, loadChecks, programFiles } from './harness.js';

const checks = await loadChecks();

for (const dir of checkFolders()) {
  describe(basename(dir), () => {
    const fx = join(dir, 'fixtures');
    const entries = existsSync(fx) ? readdirSync(fx).filter((e) => !e.endsWith('.golden')) : [];
    it('has fixtures', () => assert.ok(entries.length > 0));
    for (const e of entries.sort()) {
      it(e, () => {
        const files = programFiles(join(fx, e));
        const found = analyse(files, checks);
        assert.deepEqual(compare(files, found), []);
        for (const f of files) {
          const text = fixed(f, found);
          const golden = `${f}.golden`;
          if (text === undefined) {
            assert.ok(!existsSync(golden), `${golden} exists but no quick fix applies`);
            continue;
          }
          assert.ok(existsSync(golden), `a quick fix applies to ${f} but ${golden} is missing`);
          assert.equal(text, readFileSync(golden, 'utf8'));
        }
        // the fixed program draws only the findings that offered no fix
        const fixedFiles = files.map((f) => {
          const t = fixed(f, found);
          return t === undefined ? f : writeTemp(f, t);
        });
        const after = analyse(fixedFiles, checks).map((r) => `${r.id} ${r.finding.message}`);
        const unfixed = found
          .filter((r) => !r.finding.fixes.length)
          .map((r) => `${r.id} ${r.finding.message}`);
        assert.deepEqual(
          after.filter((m) => !unfixed.includes(m)),
          [],
        );
      });
    }
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'fixed-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The fixed text of a fixture under a temporary directory, beside nothing else it would need. */
function writeTemp(file: string, text: string): string {
  const out = join(tmp, file.replace(/[\\/:]/g, '_'));
  writeFileSync(out, text);
  return out;
}
