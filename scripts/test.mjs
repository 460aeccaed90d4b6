// The one test command: style (prettier), lint (eslint), types (tsc), build, then every test:
// unit and integration tests with node's test runner, and the extension tests in a real VS Code.
// Usage: node scripts/test.mjs [--only static|node|e2e] [file-filter ...]
//   A file filter (substring of a test file's path) runs only the matching node tests and skips the rest.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
let only = null;
const filters = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') only = argv[++i];
  else filters.push(argv[i]);
}
const want = (phase) => (only ? only === phase : filters.length === 0 || phase === 'node');

const results = [];
function run(name, cmd, args, opts = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n=== ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  const ok = r.status === 0;
  results.push({ name, ok, ms: Date.now() - t0, status: r.status ?? r.signal });
  return ok;
}
const bin = (p) => join(root, 'node_modules', '.bin', p);

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'node_modules' || e === 'fixtures' || e === 'workspace') continue;
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (/\.test\.(ts|mts|mjs|js)$/.test(e)) out.push(p);
  }
  return out.sort();
}

if (want('static')) {
  run('format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
  run('lint (eslint)', bin('eslint'), ['.', '--max-warnings', '0']);
  run('types (tsc --noEmit)', 'npm', ['run', '--silent', 'typecheck']);
}

const builtOk = run('build', process.execPath, [join(root, 'scripts/build.mjs')]);

if (builtOk && want('node')) {
  const files = [...findTests(join(root, 'test/unit')), ...findTests(join(root, 'test/integration'))]
    .map((f) => relative(root, f))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
  run(`unit + integration tests (${files.length} files, node --test)`, process.execPath, [
    '--conditions=development',
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    ...files,
  ]);
}

if (builtOk && want('e2e')) {
  const hostDir = process.env.VSCODE_HOST_DIR || join(process.env.HOME || '/root', '.cache/vscode-host');
  const exe = process.env.VSCODE_EXE || join(hostDir, 'code');
  let ready = true;
  if (!process.env.VSCODE_EXE)
    ready = run('VS Code host (scripts/setup-vscode-host.sh)', 'bash', ['scripts/setup-vscode-host.sh']);
  if (ready)
    run('extension tests in VS Code', process.execPath, ['out/e2e/run.js'], {
      env: { ...process.env, VSCODE_EXE: exe },
    });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'pass' : 'FAIL'}  ${r.name}  (${(r.ms / 1000).toFixed(1)} s)`);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} step(s) failed` : '\nall steps passed');
process.exit(failed.length ? 1 : 0);
