// The packaged extension holds exactly what runs, and every file its manifest points at; the
// runtime tarball that "Add the runtime to this project" installs is a valid npm package.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: plain ESM without declarations
import { vsixProblems, zipEntries, zipRead } from '../../../scripts/package.mjs';
import { publishedManifest, runtimeFiles, tarGzip } from '../../../client/src/commands/tarball.js';

interface Entry {
  name: string;
}

const root = path.resolve(import.meta.dirname, '../../..');
let dir = '';
let vsix: Buffer;
let entries: Entry[] = [];

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goroutines-vsix-'));
  const out = path.join(dir, 'extension.vsix');
  // The test runner has just built; packaging the development build is enough to check the contents.
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/package.mjs'), '--skip-build', '--out', out],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, `package.mjs failed:\n${r.stdout}\n${r.stderr}`);
  vsix = fs.readFileSync(out);
  entries = zipEntries(vsix);
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const read = (name: string): string => {
  const e = entries.find((x) => x.name === name);
  assert.ok(e, `${name} is in the .vsix`);
  return zipRead(vsix, e).toString('utf8');
};

test('the .vsix holds only what runs, and all of it', () => {
  assert.deepEqual(vsixProblems(entries.map((e) => e.name)), []);
  assert.ok(!entries.some((e) => e.name.includes('node_modules/')), 'no node_modules');
});

test('every file the packaged manifest points at is packaged', () => {
  const manifest = JSON.parse(read('extension/package.json'));
  const referenced: string[] = [
    manifest.main,
    ...manifest.contributes.snippets.map((s: { path: string }) => s.path),
    ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
    ...manifest.contributes.languages.flatMap((l: { configuration?: string }) => l.configuration ?? []),
  ];
  const names = new Set(entries.map((e) => e.name));
  for (const ref of referenced) {
    assert.ok(names.has(path.posix.join('extension', ref)), `${ref} is packaged`);
  }
});

test('the packaged runtime resolves: its main and types are packaged', () => {
  const manifest = JSON.parse(read('extension/runtime/package.json'));
  const names = new Set(entries.map((e) => e.name));
  for (const f of [manifest.main, manifest.types]) {
    assert.ok(names.has(path.posix.join('extension/runtime', f)), `runtime ${f} is packaged`);
  }
});

test('the runtime tarball lists package/ files and drops the development condition', () => {
  const files = runtimeFiles(path.join(root, 'runtime'));
  assert.ok(files.has('dist/index.js'));
  assert.ok(![...files.keys()].some((f) => f.endsWith('.map')), 'no source maps');
  const tgz = path.join(dir, 'goroutines.tgz');
  fs.writeFileSync(tgz, tarGzip(files));
  const listed = spawnSync('tar', ['-tzf', tgz], { encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(
    listed.stdout.trim().split('\n').sort(),
    [...files.keys()].map((f) => `package/${f}`).sort(),
  );
  const manifest = JSON.parse(files.get('package.json')!.toString());
  assert.equal(JSON.stringify(manifest.exports).includes('development'), false);
  assert.equal(manifest.name, 'goroutines');
});

test('publishing strips the development condition at every depth and keeps the rest', () => {
  assert.deepEqual(
    publishedManifest({
      name: 'x',
      scripts: { build: 'tsc' },
      exports: { '.': { development: './src/a.ts', types: './dist/a.d.ts', default: './dist/a.js' } },
    }),
    { name: 'x', exports: { '.': { types: './dist/a.d.ts', default: './dist/a.js' } } },
  );
});
