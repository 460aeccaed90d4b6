// Builds what runs: the runtime package (tsc → runtime/dist, ESM + .d.ts) and the extension's
// bundles (esbuild → dist/: extension client, language server, CLI), plus the e2e test suite (→ out/).
// Flags: --production (minified, no source maps), --no-runtime, --watch.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');

function step(name, fn) {
  const t0 = Date.now();
  const r = fn();
  const done = () => process.stderr.write(`build: ${name} (${Date.now() - t0} ms)\n`);
  return r instanceof Promise ? r.then((v) => (done(), v)) : (done(), r);
}

if (!args.has('--no-runtime')) {
  try {
    step('runtime (tsc)', () =>
      execFileSync(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'runtime/tsconfig.json'],
        {
          cwd: root,
          stdio: 'inherit',
        },
      ),
    );
  } catch {
    process.stderr.write('build: the runtime does not compile (tsc errors above)\n');
    process.exit(1);
  }
}

// dist/ and out/ hold CommonJS (VS Code loads extensions with require); the root package is ESM.
for (const dir of ['dist', 'out']) {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), '{ "type": "commonjs" }\n');
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  conditions: ['development'],
};

const entries = [
  { in: 'client/src/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'dist/server.js', external: [] },
  { in: 'server/src/cli.ts', out: 'dist/cli.js', external: [], banner: { js: '#!/usr/bin/env node' } },
].filter((e) => existsSync(join(root, e.in)));

// e2e suites run inside VS Code's extension host: one CJS file per suite file, vscode and mocha external.
const e2eDir = join(root, 'test/e2e/suite');
const e2eEntries = existsSync(e2eDir)
  ? readdirSync(e2eDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ in: `test/e2e/suite/${f}`, out: `out/e2e/suite/${f.replace(/\.ts$/, '.js')}` }))
  : [];

await step('bundles (esbuild)', () =>
  Promise.all([
    ...entries.map((e) =>
      esbuild.build({
        ...common,
        entryPoints: [e.in],
        outfile: e.out,
        external: e.external,
        ...(e.banner ? { banner: e.banner } : {}),
      }),
    ),
    ...e2eEntries.map((e) =>
      esbuild.build({
        ...common,
        entryPoints: [e.in],
        outfile: e.out,
        external: ['vscode', 'mocha'],
        sourcemap: true,
      }),
    ),
    // The inspector's wait-for graph page runs in a webview: a browser script, with elkjs bundled in.
    existsSync(join(root, 'client/src/inspector/webview/graph.ts'))
      ? esbuild.build({
          ...common,
          platform: 'browser',
          target: 'es2022',
          format: 'iife',
          entryPoints: ['client/src/inspector/webview/graph.ts'],
          outfile: 'dist/inspector-graph.js',
        })
      : null,
    existsSync(join(root, 'test/e2e/run.ts'))
      ? esbuild.build({
          ...common,
          entryPoints: ['test/e2e/run.ts'],
          outfile: 'out/e2e/run.js',
          packages: 'external',
        })
      : null,
  ]),
);
