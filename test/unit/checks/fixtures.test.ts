// Runs every fixture of every check: a `// want "regex"` comment marks a line where the check must
// report a matching diagnostic (several wants on one line: several diagnostics); every other line
// must stay silent. When `<fixture>.golden` exists, applying the findings' (first) quick fixes must
// give it; `<fixture>.alt.golden` is the same with each finding's last fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace, Flow } from '../../../server/src/analysis/index.js';
import { CHECKS } from '../../../server/src/checks/index.js';
import { checkFile } from '../../../server/src/checks/run.js';
import { applyFixes } from '../../../server/src/fix.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const checksDir = join(root, 'server/src/checks');

interface Want {
  line: number;
  re: RegExp;
}

function wantsOf(text: string): Want[] {
  const out: Want[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /\/\/ want (.*)$/.exec(l);
    if (!m) return;
    for (const q of m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)) out.push({ line: i + 1, re: new RegExp(q[1]!) });
  });
  return out;
}

// the whole-program checks (GR20xx channel leaks, GR30xx lock order) have multi-file programs as
// fixtures and their own harness, test/unit/checks-hard
const OWN_HARNESS = /^GR(20|30)\d\d$/;
const LOCAL = CHECKS.filter((c) => !OWN_HARNESS.test(c.meta.id));

const cases: { check: (typeof CHECKS)[number]; file: string }[] = [];
for (const check of LOCAL) {
  const dir = readdirSync(checksDir).find((d) => d.startsWith(check.meta.id + '-'));
  assert.ok(dir, `folder for ${check.meta.id}`);
  const fx = join(checksDir, dir, 'fixtures');
  for (const f of existsSync(fx) ? readdirSync(fx) : [])
    if (/\.(ts|js|mts|tsx)$/.test(f)) cases.push({ check, file: join(fx, f) });
}

const ws = new Workspace({ paths: cases.map((c) => c.file), log: (m) => console.error(m) });
const flow = new Flow(ws);

test('every check has a folder named after its id and name, and at least one fixture', () => {
  for (const check of LOCAL) {
    assert.ok(existsSync(join(checksDir, `${check.meta.id}-${check.meta.name}`, 'check.ts')), check.meta.id);
    assert.ok(
      cases.some((c) => c.check === check),
      `${check.meta.id} has no fixture`,
    );
  }
});

for (const { check, file } of cases) {
  const rel = file.slice(checksDir.length + 1);
  test(`${check.meta.id} ${rel}`, () => {
    const text = readFileSync(file, 'utf8');
    const findings = checkFile(ws, file, { checks: [check], flow, log: (m) => assert.fail(m) }).filter(
      (f) => f.checkId === check.meta.id,
    );
    const wants = wantsOf(text);
    const sf = ws.getSourceFile(file)!;
    const got = findings.map((f) => ({
      line: sf.getLineAndCharacterOfPosition(f.start).line + 1,
      message: f.message,
    }));
    const unmatched = [...got];
    for (const w of wants) {
      const i = unmatched.findIndex((g) => g.line === w.line && w.re.test(g.message));
      assert.ok(i >= 0, `line ${w.line}: no diagnostic matching ${w.re}; got ${JSON.stringify(got)}`);
      unmatched.splice(i, 1);
    }
    assert.deepEqual(unmatched, [], 'diagnostics on lines without a matching want');
    const golden = file + '.golden';
    if (existsSync(golden)) {
      const fixed = applyFixes(
        text,
        findings.flatMap((f) => (f.fixes[0] ? [f.fixes[0]] : [])).flatMap((x) => x.edits),
      );
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, fixed);
      assert.equal(fixed, readFileSync(golden, 'utf8'));
    }
    // `<fixture>.alt.golden`: the same with each finding's last fix, where a check offers alternatives
    const alt = file + '.alt.golden';
    if (existsSync(alt)) {
      const fixed = applyFixes(
        text,
        findings.flatMap((f) => f.fixes.at(-1)?.edits ?? []),
      );
      if (process.env.UPDATE_GOLDEN) writeFileSync(alt, fixed);
      assert.equal(fixed, readFileSync(alt, 'utf8'));
    }
  });
}
