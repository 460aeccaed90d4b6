// Where the language server's time goes after a one-line edit, in process: the same workspace and
// edit as run.mjs, with each phase of an analysis timed in CPU time (process.cpuUsage, so other
// processes on the machine do not count): program update, type checker, facts of the edited file,
// and each check. Run: node --conditions=development --import tsx bench/checker/phases.ts [--edits N]
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Flow, Workspace } from '../../server/src/analysis/index.js';
import { CHECKS } from '../../server/src/checks/index.js';
import { checkFile } from '../../server/src/checks/run.js';
import { generate } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const i = argv.indexOf('--edits');
const EDITS = i >= 0 ? Number(argv[i + 1]) : 20;

const dir = join(tmpdir(), 'goroutines-checker-phases');
const { bigFile } = generate(dir, join(root, 'runtime'));
const ws = new Workspace({
  tsconfig: join(dir, 'tsconfig.json'),
  log: (m) => process.stderr.write(m + '\n'),
});
let text = readFileSync(bigFile, 'utf8');
const lines = text.split('\n');
const target = lines.findIndex((l) => l.includes('output.send(j *'));

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const totals = new Map<string, number[]>();
const time = <T>(name: string, fn: () => T): T => {
  const t0 = cpu();
  const r = fn();
  const l = totals.get(name) ?? [];
  l.push(cpu() - t0);
  totals.set(name, l);
  return r;
};

function analyse(record: boolean): void {
  const run = <T>(name: string, fn: () => T): T => (record ? time(name, fn) : fn());
  run('program update', () => ws.getProgram());
  run('type checker', () => ws.getChecker());
  run('facts (edited file)', () => ws.factsOf(bigFile));
  const flow = new Flow(ws);
  for (const check of CHECKS)
    run(`check ${check.meta.id}`, () => checkFile(ws, bigFile, { flow, checks: [check] }));
}

ws.setText(bigFile, text);
analyse(false);
// --profile <file>: a CPU profile of the edits only (not of loading the project)
const profIdx = argv.indexOf('--profile');
const session = profIdx >= 0 ? new Session() : undefined;
const post = (method: string, params?: object) =>
  new Promise<unknown>((res, rej) => session!.post(method, params, (e, r) => (e ? rej(e) : res(r))));
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
}
for (let v = 2; v < EDITS + 2; v++) {
  const col = lines[target]!.indexOf('* ') + 2;
  lines[target] = lines[target]!.slice(0, col) + String(v % 10) + lines[target]!.slice(col + 1);
  text = lines.join('\n');
  time('total', () => {
    time('setText', () => ws.setText(bigFile, text));
    analyse(true);
  });
}
if (session) {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(argv[profIdx + 1]!, JSON.stringify(profile));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = [...totals].sort((a, b) => mean(b[1]) - mean(a[1]));
for (const [name, xs] of rows)
  process.stdout.write(
    `${name.padEnd(24)} mean ${mean(xs).toFixed(1).padStart(7)} ms  max ${Math.max(...xs)
      .toFixed(1)
      .padStart(7)} ms\n`,
  );
