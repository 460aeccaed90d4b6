// The benchmark suite: `npm run bench [-- options]`. Runs every case of bench/cases/ for the runtime,
// its JavaScript peers and Go (when `go` is installed), each measurement in its own child process
// (fresh heap, isolated RSS), runs interleaved so that machine noise spreads over every column, and
// prints medians with ratios (ours / peer) against the targets.
//
// Options:
//   --only a,b     run only these cases (see --list)
//   --runs N       measurements per implementation (default 5; the median is reported)
//   --scale X      multiply every case's size by X (e.g. 0.1 for a quick smoke run)
//   --debug        also run the runtime with GOROUTINES_DEBUG=1 and print introspection off vs on
//   --no-records   also run a copy of the runtime built without goroutine records (sched.ts's
//                  RECORDS = false) and print what records cost with introspection off
//   --no-go        skip Go even when it is installed
//   --readme       write the table into bench/README.md
//   --list         list the cases and exit
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const OURS = 'goroutines';
const OURS_DEBUG = 'goroutines (debug)';
const OURS_NO_RECORDS = 'goroutines (no records)';
const PEER_LABELS = {
  'ts-chan': 'ts-chan (unsafe)',
  effect: 'effect Queue',
  'async-mutex': 'async-mutex',
  go: 'Go',
};

const opts = parseArgs(process.argv.slice(2));
const caseNames = readdirSync(join(here, 'cases'))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  .sort(byPreferredOrder);
const cases = [];
for (const name of caseNames) {
  const { meta, impls } = await import(`./cases/${name}.mjs`);
  cases.push({ name, meta, impls: Object.keys(impls) });
}
if (opts.list) {
  for (const c of cases) console.log(`${c.name.padEnd(12)} ${c.meta.title}`);
  process.exit(0);
}
const selected = opts.only ? cases.filter((c) => opts.only.includes(c.name)) : cases;
const unknown = (opts.only ?? []).filter((n) => !caseNames.includes(n));
if (unknown.length) fail(`unknown case(s): ${unknown.join(', ')} (see --list)`);

ensureRuntimeBuilt();
const workDir = mkdtempSync(join(tmpdir(), 'goroutines-bench-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const runtimeSnapshot = snapshotRuntime();
const noRecordsSnapshot = opts.noRecords ? snapshotRuntime('runtime-no-records', withoutRecords) : null;
const goBinary = opts.go ? buildGo() : null;
if (!opts.go) console.log('note: Go skipped (--no-go)');

const env = {
  node: process.version,
  go: goBinary ? goVersion() : null,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}`,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  date: new Date().toISOString(),
  // Other work on the machine skews every figure; the load when the run started says how much.
  loadAverage: loadavg()[0],
  command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
  runs: opts.runs,
  scale: opts.scale,
};
console.log(
  `node ${env.node}, ${env.go ?? 'no Go'}, ${env.cpu}, ${env.memory}, load ${env.loadAverage.toFixed(1)}; ` +
    `${opts.runs} runs each\n`,
);

const results = [];
for (const c of selected) {
  const n = caseSize(c);
  const impls = [...c.impls];
  if (opts.debug && impls.includes(OURS) && c.meta.debug !== false) impls.splice(1, 0, OURS_DEBUG);
  if (opts.noRecords && impls.includes(OURS) && c.meta.debug !== false) impls.splice(1, 0, OURS_NO_RECORDS);
  if (goBinary && c.meta.go !== false) impls.push('go');
  const samples = Object.fromEntries(impls.map((i) => [i, []]));
  const errors = {};
  const failures = {};
  process.stdout.write(`${c.name} (n=${n}) `);
  for (let r = 0; r < opts.runs; r++) {
    for (const impl of impls) {
      if (errors[impl]) continue;
      const out = measure(c, impl, n);
      // One failed run is reported and skipped; a second one means the implementation is broken.
      if (out.error && (failures[impl] = (failures[impl] ?? 0) + 1) >= 2) errors[impl] = out.error;
      else if (out.error) console.log(`\n  ${impl} run failed (one more failure drops it): ${out.error}`);
      else samples[impl].push({ ...out.metrics, round: r });
      process.stdout.write(out.error ? 'x' : '.');
    }
  }
  process.stdout.write('\n');
  for (const [impl, err] of Object.entries(errors)) console.log(`  ${impl} failed: ${err}`);
  const medians = {};
  for (const impl of impls) {
    if (errors[impl] || samples[impl].length === 0) continue;
    medians[impl] = {};
    for (const m of c.meta.metrics) medians[impl][m.key] = median(samples[impl].map((s) => s[m.key]));
  }
  results.push({
    case: c.name,
    title: c.meta.title,
    n,
    medians,
    samples,
    errors,
    rows: rowsFor(c, medians, samples),
    debugRows: costRowsFor(c, medians, samples, OURS_DEBUG),
    noRecordsRows: costRowsFor(c, medians, samples, OURS_NO_RECORDS),
  });
}

const table = renderTable(results);
console.log('\n' + table);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify({ env, results }, null, 2) + '\n');
console.log(`\nwritten: bench/results/latest.json`);
if (opts.readme) {
  writeReadme(table);
  console.log('written: bench/README.md');
}

function parseArgs(argv) {
  const o = {
    only: null,
    runs: 5,
    scale: 1,
    debug: false,
    noRecords: false,
    go: true,
    readme: false,
    list: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') o.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--runs') o.runs = positive(argv[++i], a);
    else if (a === '--scale') o.scale = positive(argv[++i], a);
    else if (a === '--debug') o.debug = true;
    else if (a === '--no-records') o.noRecords = true;
    else if (a === '--no-go') o.go = false;
    else if (a === '--readme') o.readme = true;
    else if (a === '--list') o.list = true;
    else fail(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs)) fail('--runs takes a whole number');
  return o;
}

function positive(v, name) {
  const x = Number(v);
  if (!(x > 0)) fail(`${name} takes a positive number`);
  return x;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function byPreferredOrder(a, b) {
  const order = ['pingpong', 'buffered', 'goroutines', 'mutex', 'select', 'memory'];
  const ia = order.indexOf(a) >>> 0;
  const ib = order.indexOf(b) >>> 0;
  return ia - ib || a.localeCompare(b);
}

function caseSize(c) {
  const step = c.meta.multipleOf ?? 1;
  return Math.max(step, Math.round((c.meta.n * opts.scale) / step) * step);
}

// The runtime is measured as users get it: compiled to runtime/dist. Rebuild when a source is newer.
function ensureRuntimeBuilt() {
  const dist = join(root, 'runtime', 'dist', 'index.js');
  const newest = newestMtime(join(root, 'runtime', 'src'));
  if (existsSync(dist) && statSync(dist).mtimeMs >= newest) return;
  console.log('building runtime (tsc -p runtime/tsconfig.json)…');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'runtime', 'tsconfig.json')], {
    stdio: 'inherit',
  });
  // tsc still emits when it reports type errors; only a missing output stops the suite.
  if (r.status !== 0 && !existsSync(dist)) fail('runtime build failed');
  if (r.status !== 0) console.log('warning: the runtime build reported errors; measuring what it emitted');
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

// See runtime.mjs: the children measure this copy, whatever happens to runtime/dist meanwhile.
function snapshotRuntime(name = 'runtime', edit = null) {
  const dir = join(workDir, name);
  cpSync(join(root, 'runtime', 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(root, 'runtime', 'package.json'), join(dir, 'package.json'));
  if (edit) edit(join(dir, 'dist'));
  return pathToFileURL(join(dir, 'dist', 'index.js')).href;
}

// The copy for --no-records: the scheduler's RECORDS constant turned off, which leaves out goroutine
// records and park attribution (the work that makes dumps and deadlock reports possible).
function withoutRecords(dist) {
  const file = join(dist, 'sched', 'sched.js');
  const text = readFileSync(file, 'utf8');
  const on = /^const RECORDS = true;$/m;
  if (!on.test(text)) fail('--no-records: runtime/dist/sched/sched.js has no `const RECORDS = true;` line');
  writeFileSync(file, text.replace(on, 'const RECORDS = false;'));
}

function buildGo() {
  const which = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    console.log('note: `go` not found, Go columns skipped (Debian: apt-get install golang-go)');
    return null;
  }
  const dir = workDir;
  const bin = join(dir, 'gobench');
  const r = spawnSync('go', ['build', '-o', bin, join(here, 'go', 'main.go')], {
    encoding: 'utf8',
    env: { ...process.env, GOCACHE: process.env.GOCACHE ?? join(dir, 'cache'), GO111MODULE: 'off' },
  });
  if (r.status !== 0) {
    console.log(`note: go build failed, Go columns skipped:\n${r.stderr}`);
    return null;
  }
  return bin;
}

function goVersion() {
  return spawnSync('go', ['version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/^go version /, '');
}

function measure(c, impl, n) {
  let cmd;
  let args;
  const snapshot = impl === OURS_NO_RECORDS ? noRecordsSnapshot : runtimeSnapshot;
  let childEnv = { ...process.env, GOROUTINES_BENCH_RUNTIME: snapshot };
  delete childEnv.GOROUTINES_DEBUG;
  if (impl === 'go') {
    cmd = goBinary;
    args = [c.name, String(n)];
  } else {
    cmd = process.execPath;
    const flags = ['--expose-gc', ...(c.meta.nodeFlags ?? [])];
    const ours = impl === OURS_DEBUG || impl === OURS_NO_RECORDS;
    args = [...flags, join(here, 'child.mjs'), c.name, ours ? OURS : impl, String(n)];
    if (impl === OURS_DEBUG) childEnv = { ...childEnv, GOROUTINES_DEBUG: '1' };
  }
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: childEnv, timeout: 300_000 });
  if (r.status !== 0) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`);
    const tail = (r.stderr || r.stdout || '').trim().split('\n').slice(-6).join('\n    ');
    return { error: `${why}\n    ${tail}` };
  }
  const line = r.stdout.trim().split('\n').pop();
  try {
    return { metrics: JSON.parse(line) };
  } catch {
    return { error: `unreadable output: ${line}` };
  }
}

function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// The ratio of two implementations is the median of their ratios within each round: runs of one
// round are back to back, so they share the machine's load of the moment, which drifts between rounds.
function pairedRatio(ours, theirs, key) {
  if (!ours || !theirs) return NaN;
  const byRound = new Map(theirs.map((s) => [s.round, s[key]]));
  return median(ours.filter((s) => byRound.has(s.round)).map((s) => s[key] / byRound.get(s.round)));
}

// One row per (metric, comparison): against a peer (ratio ours / peer), against an absolute bound,
// or, with --debug, the runtime with introspection on (ratio on / off).
function rowsFor(c, medians, samples) {
  const rows = [];
  const ours = medians[OURS];
  for (const t of c.meta.targets) {
    const metric = c.meta.metrics.find((m) => m.key === t.metric);
    const value = ours?.[t.metric];
    if (t.peer) {
      if (t.peer === 'go' && !goBinary) continue;
      const peer = medians[t.peer]?.[t.metric];
      const ratio = pairedRatio(samples[OURS], samples[t.peer], t.metric);
      let target = '';
      let met = null;
      if (t.min !== undefined) {
        target = `≥ ${t.min}×`;
        met = ratio >= t.min;
      } else if (t.maxRatio !== undefined) {
        target = t.maxRatio === 1 ? 'less than peer' : `≤ ${t.maxRatio}×`;
        met = ratio < t.maxRatio;
      }
      rows.push({ metric, value, peer: t.peer, peerValue: peer, ratio, target, met });
    } else {
      const target = t.max !== undefined ? `≤ ${fmt(t.max, metric)}` : '';
      const met = t.max !== undefined ? value <= t.max : null;
      rows.push({ metric, value, peer: null, peerValue: NaN, ratio: NaN, target, met });
    }
  }
  return rows;
}

// With --debug: the runtime with introspection off and on, and what turning it on costs. With
// --no-records: the runtime without records and as shipped (introspection off), and what records cost.
function costRowsFor(c, medians, samples, other) {
  if (!medians[other]) return [];
  const [base, costly] = other === OURS_DEBUG ? [OURS, OURS_DEBUG] : [OURS_NO_RECORDS, OURS];
  return c.meta.metrics.map((metric) => {
    const off = medians[base]?.[metric.key];
    const on = medians[costly]?.[metric.key];
    // A ratio of bytes means nothing when either side is at or below zero (a heap that shrank).
    const paired = pairedRatio(samples[costly], samples[base], metric.key);
    const cost = metric.better === 'higher' ? 1 / paired : off > 0 && on >= 0 ? paired : NaN;
    return { metric, off, on, cost };
  });
}

function fmt(x, metric) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  if (metric.unit.endsWith('/s')) {
    if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
    if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
    return x.toFixed(0);
  }
  if (metric.digits === 0) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(1);
}

function renderTable(all) {
  const lines = [
    '| benchmark | metric | goroutines | compared with | their figure | ours / theirs | target | |',
    '| --- | --- | ---: | --- | ---: | ---: | --- | --- |',
  ];
  for (const r of all) {
    for (const row of r.rows) {
      const peer = row.peer ? (PEER_LABELS[row.peer] ?? row.peer) : '—';
      const ratio = Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : '—';
      const measured = Number.isFinite(row.value) && (row.peer === null || Number.isFinite(row.peerValue));
      const status = !measured ? 'no result' : row.met === null ? '' : row.met ? 'met' : '**missed**';
      lines.push(
        `| ${r.title} | ${row.metric.unit} | ${fmt(row.value, row.metric)} | ${peer} | ${fmt(row.peerValue, row.metric)} | ${ratio} | ${row.target || '—'} | ${status} |`,
      );
    }
  }
  const noRecords = all.flatMap((r) => r.noRecordsRows.map((row) => ({ title: r.title, ...row })));
  if (noRecords.length) {
    lines.push(
      '',
      'Introspection off (as shipped) vs a copy of the runtime built without goroutine records (`--no-records`):',
      '',
      '| benchmark | metric | no records | introspection off | cost of the records |',
      '| --- | --- | ---: | ---: | ---: |',
    );
    for (const row of noRecords) {
      const worse = row.metric.better === 'higher' ? 'slower' : 'more';
      const cost = Number.isFinite(row.cost) ? `${((row.cost - 1) * 100).toFixed(1)}% ${worse}` : '—';
      lines.push(
        `| ${row.title} | ${row.metric.unit} | ${fmt(row.off, row.metric)} | ${fmt(row.on, row.metric)} | ${cost} |`,
      );
    }
  }
  const debug = all.flatMap((r) => r.debugRows.map((row) => ({ title: r.title, ...row })));
  if (debug.length) {
    lines.push(
      '',
      'Introspection off vs on (`GOROUTINES_DEBUG=1`, as under the VS Code debugger):',
      '',
      '| benchmark | metric | off | on | cost of turning it on |',
      '| --- | --- | ---: | ---: | ---: |',
    );
    for (const row of debug) {
      const worse = row.metric.better === 'higher' ? 'slower' : 'more';
      const cost = Number.isFinite(row.cost) ? `${row.cost.toFixed(2)}× ${worse}` : '—';
      lines.push(
        `| ${row.title} | ${row.metric.unit} | ${fmt(row.off, row.metric)} | ${fmt(row.on, row.metric)} | ${cost} |`,
      );
    }
  }
  return lines.join('\n');
}

function writeReadme(tableText) {
  const path = join(here, 'README.md');
  const text = readFileSync(path, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) fail('bench/README.md has no results markers');
  const block = [
    start,
    '',
    `Measured ${env.date.slice(0, 16).replace('T', ' ')} UTC on ${env.cpu}, ${env.memory} RAM; Node ${env.node}; ` +
      `${env.go ? `Go ${env.go.replace(/^go/, '')}` : 'Go not installed'}; load average ${env.loadAverage.toFixed(1)} at the start. ` +
      `Medians of ${env.runs} runs${env.scale === 1 ? '' : `, sizes × ${env.scale}`}; ` +
      `command: \`${env.command}\`.`,
    '',
    tableText,
    '',
    end,
  ].join('\n');
  writeFileSync(path, text.slice(0, i) + block + text.slice(j + end.length));
  // The repository's formatter aligns Markdown tables; the README must pass its check.
  const prettier = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  if (existsSync(prettier))
    spawnSync(process.execPath, [prettier, '--write', '--log-level', 'warn', path], { stdio: 'inherit' });
}
