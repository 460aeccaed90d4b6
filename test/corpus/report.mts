// Per-class results of every check (as the product runs them) on the bug corpus: bugs found, bugs missed (a
// `// want` line without its diagnostic, or a `// miss` line), and false alarms (a diagnostic on a
// line without a want in a bug program, or any diagnostic in a fixed version).
// Run: node --conditions=development --import tsx test/corpus/report.mts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseAll, corpusCases, programFiles, root, wants } from '../unit/checks-hard/harness.js';

const cases = corpusCases(join(root, 'test', 'corpus'));
// shared files are part of the program (a helper there may be where a channel is received)
const all = analyseAll(cases.flatMap((c) => [...programFiles(c.bug), ...programFiles(c.fixed), ...c.shared]));

interface Row {
  programs: number;
  found: number;
  missed: number;
  falseAlarms: number;
}
const rows = new Map<string, Row>();
for (const c of cases) {
  const row = rows.get(c.cls) ?? { programs: 0, found: 0, missed: 0, falseAlarms: 0 };
  row.programs++;
  for (const f of programFiles(c.bug)) {
    const here = all.filter((r) => r.file === f);
    const w = wants(f);
    for (const [line, res] of w) {
      const hit = res.every((re) => here.some((r) => r.line === line && re.test(r.finding.message)));
      if (hit) row.found++;
      else row.missed++;
    }
    row.missed += readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => /\/\/ miss "/.test(l)).length;
    row.falseAlarms += here.filter(
      (r) => !(w.get(r.line) ?? []).some((re) => re.test(r.finding.message)),
    ).length;
  }
  for (const f of [...programFiles(c.fixed), ...c.shared])
    row.falseAlarms += all.filter((r) => r.file === f).length;
  rows.set(c.cls, row);
}
const total: Row = { programs: 0, found: 0, missed: 0, falseAlarms: 0 };
process.stdout.write('class            bug+fixed pairs  found  missed  false alarms\n');
for (const [cls, r] of [...rows].sort()) {
  process.stdout.write(
    `${cls.padEnd(17)}${String(r.programs).padStart(15)}${String(r.found).padStart(7)}${String(r.missed).padStart(8)}${String(r.falseAlarms).padStart(14)}\n`,
  );
  total.programs += r.programs;
  total.found += r.found;
  total.missed += r.missed;
  total.falseAlarms += r.falseAlarms;
}
process.stdout.write(
  `${'total'.padEnd(17)}${String(total.programs).padStart(15)}${String(total.found).padStart(7)}${String(total.missed).padStart(8)}${String(total.falseAlarms).padStart(14)}\n`,
);
