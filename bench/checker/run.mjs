// The checker benchmark: on a generated 20,000-line workspace with a 2,000-line file,
//   1. p50/p95 time from textDocument/didChange to publishDiagnostics over a real LSP connection
//      (dist/server.js --stdio), editing the 2,000-line file: to the first publish (the file's own
//      checks, earlier whole-program findings carried over) and to the final one (every check run;
//      the next edit is sent after it, so the two do not overlap);
//   2. the language server's memory (RSS, and peak) after the edits;
//   3. a cold `goroutines-check` run against `tsc --noEmit` on the same workspace (medians).
// Budgets: p95 <= 100 ms, cold CLI <= 1.5x tsc. Run after `npm run build`:
//   node bench/checker/run.mjs [--edits N] [--runs N] [--lsp-only] [--untyped]
// --untyped: the edited function's result type is left to inference (no `: Promise<…>` written),
// so the server cannot carry the file's other functions over and re-derives the whole file's facts.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { generate } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const EDITS = opt('--edits', 60);
const RUNS = opt('--runs', 3);
// --lsp-only: parts 1 and 2 only (no cold runs), and no results file
const LSP_ONLY = argv.includes('--lsp-only');
// --server-prof DIR: the language server writes a CPU profile (node --cpu-prof) into DIR
const profIdx = argv.indexOf('--server-prof');
// --server FILE --publishes N: measure another build of the server (one publishing N times per version)
const serverIdx = argv.indexOf('--server');
const serverJs = serverIdx >= 0 ? argv[serverIdx + 1] : join(root, 'dist/server.js');
const serverArgs = profIdx >= 0 ? ['--cpu-prof', '--cpu-prof-dir', argv[profIdx + 1]] : [];

const dir = join(tmpdir(), 'goroutines-checker-bench');
const { files, lines, bigFile } = generate(dir, join(root, 'runtime'));
if (argv.includes('--untyped')) {
  const src = readFileSync(bigFile, 'utf8').split('\n');
  const at = src.findIndex((l) => l.includes('output.send(j *'));
  let i = at;
  while (i >= 0 && !/^export async function \w+\(.*\): Promise<.*> \{$/.test(src[i])) i--;
  if (i < 0) throw new Error('no function with a written result type above the edited line');
  src[i] = src[i].replace(/\): Promise<.*> \{$/, ') {');
  writeFileSync(bigFile, src.join('\n'));
}
process.stdout.write(
  `workspace: ${files} files, ${lines} lines (big file ${readFileSync(bigFile, 'utf8').split('\n').length} lines), ${cpus().length} cpus, load ${loadavg()[0].toFixed(2)}\n`,
);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const median = (xs) => pct(xs, 50);

// 1 + 2: the language server
async function lsp() {
  const proc = spawn(process.execPath, [...serverArgs, serverJs, '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn = createProtocolConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  // CPU time the server spends per edit (/proc/<pid>/stat utime+stime, in clock ticks of 10 ms):
  // unlike wall time, it does not grow with the other processes on a shared machine
  const cpuMs = () => {
    const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  // the server publishes twice per version: first its local results, then the refined ones
  const PUBLISHES = opt('--publishes', 2);
  const waiting = new Map();
  const seen = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const n = (seen.get(p.version) ?? 0) + 1;
    seen.set(p.version, n);
    const w = waiting.get(p.version);
    if (w && n === 1) w.first(performance.now(), cpuMs());
    if (w && n === PUBLISHES) {
      waiting.delete(p.version);
      w.final(p);
    }
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ enable: true, severity: {} })));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: { workspace: { configuration: true } },
  });
  await conn.sendNotification('initialized', {});
  const uri = pathToFileURL(bigFile).href;
  const text = readFileSync(bigFile, 'utf8');
  let firstAt = 0;
  let firstCpu = 0;
  const published = (version) =>
    new Promise((resolve) =>
      waiting.set(version, {
        first: (t, c) => {
          firstAt = t;
          firstCpu = c;
        },
        final: resolve,
      }),
    );
  let t0 = performance.now();
  let p = published(1);
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'typescript', version: 1, text },
  });
  const first = await p;
  const openMs = performance.now() - t0;
  const openFirstMs = firstAt - t0;
  const lines = text.split('\n');
  const target = lines.findIndex((l) => l.includes('output.send(j *'));
  const times = [];
  const finalTimes = [];
  const cpuTimes = [];
  const firstCpuTimes = [];
  for (let v = 2; v < EDITS + 2; v++) {
    // a realistic keystroke: change a number inside a goroutine body
    const col = lines[target].indexOf('* ') + 2;
    p = published(v);
    const c0 = cpuMs();
    t0 = performance.now();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [
        {
          range: { start: { line: target, character: col }, end: { line: target, character: col + 1 } },
          text: String(v % 10),
        },
      ],
    });
    await p;
    finalTimes.push(performance.now() - t0);
    times.push(firstAt - t0);
    cpuTimes.push(cpuMs() - c0);
    firstCpuTimes.push(firstCpu - c0);
  }
  const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  await conn.sendRequest('shutdown');
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  await conn.sendNotification('exit');
  // a profiling server writes its profile on exit
  if (serverArgs.length) await exited;
  conn.dispose();
  proc.kill();
  return {
    openMs,
    openFirstMs,
    diagnostics: first.diagnostics.length,
    times,
    finalTimes,
    cpuTimes,
    firstCpuTimes,
    rssMb: kb('VmRSS') / 1024,
    peakMb: kb('VmHWM') / 1024,
  };
}

// 3: cold CLI vs tsc
function timed(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8' });
  return { ms: performance.now() - t0, status: r.status, out: r.stdout + r.stderr };
}

const l = await lsp();
process.stdout.write(
  `lsp: diagnostics after open: first ${l.openFirstMs.toFixed(0)} ms, final ${l.openMs.toFixed(0)} ms (${l.diagnostics} findings)\n` +
    `didChange -> first publishDiagnostics over ${l.times.length} edits: p50 ${median(l.times).toFixed(1)} ms, p95 ${pct(l.times, 95).toFixed(1)} ms, max ${Math.max(...l.times).toFixed(1)} ms (budget p95 <= 100 ms, debounce included)\n` +
    `didChange -> final publishDiagnostics: p50 ${median(l.finalTimes).toFixed(1)} ms, p95 ${pct(l.finalTimes, 95).toFixed(1)} ms, max ${Math.max(...l.finalTimes).toFixed(1)} ms\n`,
);
// CPU to the final publish (the whole analysis of an edit)
const cpuMean = l.cpuTimes.reduce((a, b) => a + b, 0) / l.cpuTimes.length;
// CPU to the first publish: read when it arrives, so it may include the start of the refinement
const firstCpuMean = l.firstCpuTimes.reduce((a, b) => a + b, 0) / l.firstCpuTimes.length;
process.stdout.write(
  `server CPU time per edit: mean ${cpuMean.toFixed(0)} ms, p95 ${pct(l.cpuTimes, 95)} ms; to the first publish: mean ${firstCpuMean.toFixed(0)} ms, p95 ${pct(l.firstCpuTimes, 95)} ms (10 ms ticks; independent of machine load)\n`,
);
process.stdout.write(
  `server memory after the edits: RSS ${l.rssMb.toFixed(0)} MB, peak ${l.peakMb.toFixed(0)} MB\n`,
);

if (LSP_ONLY) {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const cliMs = [];
const tscMs = [];
let cliOut = '';
for (let i = 0; i < RUNS; i++) {
  const c = timed(process.execPath, [join(root, 'dist/cli.js'), '.', '--no-progress']);
  cliMs.push(c.ms);
  cliOut = c.out;
  tscMs.push(
    timed(process.execPath, [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.json',
      '--noEmit',
    ]).ms,
  );
}
const ratio = median(cliMs) / median(tscMs);
process.stdout.write(
  `cold: goroutines-check ${median(cliMs).toFixed(0)} ms, tsc --noEmit ${median(tscMs).toFixed(0)} ms (medians of ${RUNS}): ${ratio.toFixed(2)}x tsc (budget <= 1.5x)\n`,
);
process.stdout.write(`checker: ${cliOut.trim().split('\n').pop()}\n`);
const results = {
  date: new Date().toISOString(),
  files,
  lines,
  lsp: {
    openMs: l.openMs,
    openFirstMs: l.openFirstMs,
    p50: median(l.times),
    p95: pct(l.times, 95),
    finalP50: median(l.finalTimes),
    finalP95: pct(l.finalTimes, 95),
    cpuMeanMs: cpuMean,
    firstCpuMeanMs: firstCpuMean,
    edits: l.times.length,
    rssMb: l.rssMb,
    peakMb: l.peakMb,
  },
  cold: { cliMs: median(cliMs), tscMs: median(tscMs), ratio },
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/checker.json'), JSON.stringify(results, null, 2) + '\n');
rmSync(dir, { recursive: true, force: true });
