// Scaffolds a check (like staticcheck's add-check.go): the folder server/src/checks/<id>-<name>/
// with check.ts (metadata + run) and fixtures/basic.ts (a `// want` line to make pass), registered
// in server/src/checks/index.ts; then regenerates docs/checks.
// Usage: node scripts/new-check.mjs GR2106 kebab-name "one-line title" [--severity error|warning|info]
//        node scripts/new-check.mjs --register GR2001   (registers an existing folder)
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const checksDir = join(root, 'server/src/checks');
const indexFile = join(checksDir, 'index.ts');

function fail(msg) {
  process.stderr.write(`new-check: ${msg}\n`);
  process.exit(2);
}

function register(folder) {
  const id = folder.slice(0, 6);
  let text = readFileSync(indexFile, 'utf8');
  if (text.includes(`'./${folder}/check.js'`)) return false;
  const importLine = `import { check as ${id} } from './${folder}/check.js';`;
  const imports = text.slice(text.indexOf('// checks:imports:start'), text.indexOf('// checks:imports:end'));
  const importLines = [...imports.split('\n').slice(1).filter(Boolean), importLine].sort();
  text = text.replace(imports, ['// checks:imports:start', ...importLines, ''].join('\n'));
  const list = text.slice(text.indexOf('  // checks:list:start'), text.indexOf('  // checks:list:end'));
  const ids = [
    ...list
      .split('\n')
      .slice(1)
      .map((l) => l.trim().replace(/,$/, ''))
      .filter(Boolean),
    id,
  ].sort();
  text = text.replace(list, ['  // checks:list:start', ...ids.map((i) => `  ${i},`), ''].join('\n'));
  writeFileSync(indexFile, text);
  return true;
}

const args = process.argv.slice(2);
if (args[0] === '--register') {
  const id = args[1] ?? fail('usage: new-check.mjs --register GRxxxx');
  const folder = readdirSync(checksDir).find((d) => d.startsWith(`${id}-`)) ?? fail(`no folder for ${id}`);
  process.stdout.write(register(folder) ? `registered ${folder}\n` : `${folder} is already registered\n`);
  process.exit(0);
}

const [id, name, title] = args.filter((a) => !a.startsWith('--'));
const sevIdx = args.indexOf('--severity');
const severity = sevIdx >= 0 ? args[sevIdx + 1] : 'warning';
if (!id || !name || !title)
  fail('usage: new-check.mjs GRxxxx kebab-name "one-line title" [--severity error|warning|info]');
if (!/^GR\d{4}$/.test(id)) fail(`the id must be GR and four digits: ${id}`);
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) fail(`the name must be kebab-case: ${name}`);
if (!['error', 'warning', 'info'].includes(severity)) fail(`unknown severity ${severity}`);
const taken = readdirSync(checksDir).find((d) => d.startsWith(`${id}-`) || d.endsWith(`-${name}`));
if (taken) fail(`${taken} already exists`);

const folder = `${id}-${name}`;
const dir = join(checksDir, folder);
mkdirSync(join(dir, 'fixtures'), { recursive: true });
const q = (s) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
writeFileSync(
  join(dir, 'check.ts'),
  `// ${title}.
import type { Check } from '../check.js';

export const check: Check = {
  meta: {
    id: '${id}',
    name: '${name}',
    title: '${q(title)}',
    severity: '${severity}',
    doc: {
      why: 'What goes wrong at run time, and what to do instead.',
      wrong: \`// the buggy pattern\`,
      right: \`// the same code, done right\`,
      whenNotToUse: 'When the finding does not apply.',
    },
  },
  run(ctx) {
    for (const op of ctx.file.ops) {
      // read facts (see server/src/analysis/README.md) and report where the bug is
      void op;
    }
  },
};
`,
);
writeFileSync(
  join(dir, 'fixtures/basic.ts'),
  `import { chan } from 'goroutines';

export async function wrong() {
  const ch = chan<number>();
  await ch.send(1); // want "the message ${id} reports"
}

export async function right() {
  const ch = chan<number>(1);
  await ch.send(1);
}
`,
);
register(folder);
spawnSync(process.execPath, [join(root, 'scripts/gen-check-docs.mjs')], { stdio: 'inherit' });
process.stdout.write(
  `created server/src/checks/${folder}/ (check.ts, fixtures/basic.ts), registered it, regenerated docs/checks.\n` +
    `next: write run(), fill the doc, then node scripts/test.mjs --only node test/unit/checks\n`,
);
