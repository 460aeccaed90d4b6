// Benchmarks of parallel goroutines (worker threads), runnable alone: `node bench/parallel/run.mjs`
// [--runs N] [--scale F] [--only ints,objects,tasks,cpu] [--against REV] [--ours REV]. With --against,
// the runtime as of git revision REV is measured too, interleaved with the working tree's (a
// before/after in one run); --ours measures a revision instead of the working tree (whose files others
// may be changing). Every measurement runs in its own process;
// implementations are interleaved; each figure is the median of the runs, and each ratio is ours over
// the peer's (above 1: we are faster). Measures the runtime compiled by tsc into a temporary directory.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};

// ---- child: one measurement, printed as a number (a rate per second) ------------------------------

async function child(caseName, impl, scale) {
  if (impl === 'go') {
    const bin = process.env.GO_CHAN_BIN;
    return Number(execFileSync(bin, [String(Math.round(2_000_000 * scale))], { encoding: 'utf8' }).trim());
  }
  const runtime =
    impl === 'baseline' ? process.env.GOROUTINES_BENCH_BASELINE : process.env.GOROUTINES_BENCH_RUNTIME;
  if (impl === 'baseline') impl = 'goroutines';
  const { worker, shared } = await import(runtime);
  const w = worker(new URL('./work.mjs', import.meta.url));
  const warm = async () => Promise.all([w.noop(), w.noop(), w.noop(), w.noop()]);
  const time = async (f) => {
    const t0 = performance.now();
    await f();
    return (performance.now() - t0) / 1000;
  };
  switch (`${caseName}/${impl}`) {
    case 'ints/goroutines': {
      const n = Math.round(2_000_000 * scale);
      await warm();
      const ch = shared.chan(1024);
      const s = await time(() => Promise.all([w.produceInts(ch, n), w.consumeInts(ch)]));
      return n / s;
    }
    case 'ints/multithreading': {
      // Node 20 has no global navigator, which multithreading reads at load.
      globalThis.navigator ??= { hardwareConcurrency: 2 };
      Promise.withResolvers ??= function () {
        let resolve, reject;
        const promise = new this((a, b) => ((resolve = a), (reject = b)));
        return { promise, resolve, reject };
      };
      const { spawn, move, channel, initRuntime, shutdown } = await import('multithreading');
      initRuntime({ maxWorkers: 2 });
      const n = Math.round(20_000 * scale);
      await Promise.all([spawn(() => 0).join(), spawn(() => 0).join()]);
      const [tx, rx] = channel(1024);
      const s = await time(() =>
        Promise.all([
          spawn(move(tx, n), async (tx, n) => {
            for (let i = 0; i < n; i++) await tx.send(i);
            tx.close();
          }).join(),
          spawn(move(rx, n), async (rx, n) => {
            let sum = 0;
            for (let i = 0; i < n; i++) sum += (await rx.recv()).value;
            return sum;
          }).join(),
        ]),
      );
      shutdown();
      return n / s;
    }
    case 'objects/goroutines': {
      const n = Math.round(500_000 * scale);
      await warm();
      const ch = shared.chan(1024);
      const s = await time(() => Promise.all([w.produceObjects(ch, n), w.consumeObjects(ch)]));
      return n / s;
    }
    case 'objects/postMessage': {
      const { Worker, MessageChannel } = await import('node:worker_threads');
      const n = Math.round(200_000 * scale);
      const producer = new Worker(
        `const { parentPort } = require('node:worker_threads');
         parentPort.once('message', ({ port, n }) => {
           for (let i = 0; i < n; i++) port.postMessage({ id: i, name: 'item', tags: ['a', 'b'], score: i * 0.5 });
         });`,
        { eval: true },
      );
      const consumer = new Worker(
        `const { parentPort } = require('node:worker_threads');
         parentPort.once('message', ({ port, n }) => {
           let got = 0, sum = 0;
           port.on('message', (v) => { sum += v.id; if (++got === n) { parentPort.postMessage(sum); port.close(); } });
           parentPort.postMessage('ready');
         });`,
        { eval: true },
      );
      const { port1, port2 } = new MessageChannel();
      consumer.postMessage({ port: port2, n }, [port2]);
      await new Promise((r) => consumer.once('message', r));
      const s = await time(async () => {
        const done = new Promise((r) => consumer.once('message', r));
        producer.postMessage({ port: port1, n }, [port1]);
        await done;
      });
      await Promise.all([producer.terminate(), consumer.terminate()]);
      return n / s;
    }
    case 'tasks/goroutines': {
      const n = Math.round(100_000 * scale);
      await warm();
      const s = await time(() => Promise.all(Array.from({ length: n }, (_, i) => w.tiny(i))));
      return n / s;
    }
    case 'tasks/piscina': {
      const { Piscina } = await import('piscina');
      const n = Math.round(100_000 * scale);
      const pool = new Piscina({
        filename: new URL('./tiny-piscina.mjs', import.meta.url).href,
        minThreads: 2,
        maxThreads: 2,
      });
      await Promise.all([pool.run(0), pool.run(0), pool.run(0), pool.run(0)]);
      const s = await time(() => Promise.all(Array.from({ length: n }, (_, i) => pool.run(i))));
      await pool.destroy();
      return n / s;
    }
    case 'cpu/one thread': {
      const n = Math.round(40_000_000 * scale);
      await warm();
      return 1 / (await time(() => w.cpu(0, n)));
    }
    case 'cpu/two goroutines': {
      const n = Math.round(40_000_000 * scale);
      await warm();
      return 1 / (await time(() => Promise.all([w.cpu(0, n / 2), w.cpu(n / 2, n)])));
    }
  }
  throw new Error(`unknown case ${caseName}/${impl}`);
}

if (argv[0] === '--child') {
  const rate = await child(argv[1], argv[2], Number(argv[3]));
  process.stdout.write(`${rate}\n`);
  process.exit(0);
}

// ---- parent ------------------------------------------------------------------------------------

const CASES = [
  {
    name: 'ints',
    title: 'int messages/s, worker → worker, shared chan(1024)',
    impls: ['goroutines', 'go', 'multithreading'],
    targets: { go: 0.5, multithreading: 100 },
  },
  {
    name: 'objects',
    title: 'small-object messages/s, worker → worker',
    impls: ['goroutines', 'postMessage'],
    targets: { postMessage: 10 },
  },
  {
    name: 'tasks',
    title: '100,000 tiny tasks/s on 2 threads',
    impls: ['goroutines', 'piscina'],
    targets: { piscina: 10 },
  },
  {
    name: 'cpu',
    title: 'CPU-bound job, jobs/s',
    impls: ['two goroutines', 'one thread'],
    targets: { 'one thread': 1.8 },
  },
];

/**
 * The runtime as users get it (compiled), built into a directory of this run's own: runtime/dist may
 * be rebuilt by others while the benchmark runs.
 */
function buildRuntime() {
  const out = mkdtempSync(join(tmpdir(), 'goroutines-runtime-'));
  process.stderr.write('building the runtime…\n');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'runtime/tsconfig.json', '--outDir', out],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  return pathToFileURL(join(out, 'index.js')).href;
}

/** The runtime as of git revision `rev`, compiled the same way, for a before/after in one run. */
function buildBaseline(rev) {
  const src = mkdtempSync(join(tmpdir(), 'goroutines-baseline-src-'));
  const out = mkdtempSync(join(tmpdir(), 'goroutines-baseline-'));
  process.on('exit', () => {
    rmSync(src, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  process.stderr.write(`building the runtime at ${rev}…\n`);
  const tar = execFileSync('git', ['archive', rev, 'runtime', 'tsconfig.base.json'], { cwd: root });
  execFileSync('tar', ['-x', '-C', src], { input: tar });
  symlinkSync(join(root, 'node_modules'), join(src, 'node_modules'));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'runtime/tsconfig.json', '--outDir', out],
    { cwd: src, stdio: 'inherit' },
  );
  return pathToFileURL(join(out, 'index.js')).href;
}

function goBinary() {
  if (spawnSync('go', ['version']).status !== 0) return null;
  const out = join(mkdtempSync(join(tmpdir(), 'gorbench-')), 'chan');
  const r = spawnSync('go', ['build', '-o', out, join(here, 'go/chan.go')], {
    stdio: 'inherit',
    env: { ...process.env, GO111MODULE: 'off' },
  });
  return r.status === 0 ? out : null;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(2);

const runs = Number(opt('runs', '5'));
const scale = Number(opt('scale', '1'));
const only = opt('only', null)?.split(',');
const against = opt('against', null);
const oursRev = opt('ours', null);
const runtimeUrl = oursRev === null ? buildRuntime() : buildBaseline(oursRev);
const baselineUrl = against === null ? null : buildBaseline(against);
const goBin = goBinary();
if (goBin === null) process.stderr.write('note: go is not installed; the Go column is skipped\n');

const results = {};
for (const c of CASES) {
  if (only && !only.includes(c.name)) continue;
  const impls = c.impls.filter((i) => i !== 'go' || goBin !== null);
  if (baselineUrl !== null && impls[0] === 'goroutines') impls.splice(1, 0, 'baseline');
  const rates = Object.fromEntries(impls.map((i) => [i, []]));
  for (let r = 0; r < runs; r++) {
    for (const impl of impls) {
      const p = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', c.name, impl, String(scale)],
        {
          cwd: root,
          encoding: 'utf8',
          env: {
            ...process.env,
            GOMAXPROCS: '2',
            GO_CHAN_BIN: goBin ?? '',
            GOROUTINES_BENCH_RUNTIME: runtimeUrl,
            GOROUTINES_BENCH_BASELINE: baselineUrl ?? '',
          },
          timeout: 300_000,
        },
      );
      if (p.status !== 0)
        throw new Error(`${c.name}/${impl} failed (status ${p.status}, signal ${p.signal}):\n${p.stderr}`);
      rates[impl].push(Number(p.stdout.trim()));
    }
  }
  results[c.name] = Object.fromEntries(impls.map((i) => [i, median(rates[i])]));
  console.log(`\n${c.title} (median of ${runs})`);
  const ours = results[c.name][impls[0]];
  for (const impl of impls) {
    const m = results[c.name][impl];
    const target = c.targets[impl];
    const ratio =
      impl === impls[0]
        ? ''
        : `  ours/theirs ${(ours / m).toFixed(2)}×${target ? ` (target ≥ ${target}×: ${ours / m >= target ? 'met' : 'NOT met'})` : ''}`;
    const label =
      impl === 'baseline'
        ? `goroutines@${against}`
        : impl === 'goroutines' && oursRev !== null
          ? `goroutines@${oursRev}`
          : impl;
    console.log(`  ${label.padEnd(20)} ${fmt(m).padStart(10)}/s${ratio}`);
  }
}
