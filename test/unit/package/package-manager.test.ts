// "Add the runtime to this project" uses the package manager the project already uses.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPackageManager, installArgs } from '../../../client/src/commands/packageManager.js';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goroutines-pm-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('each lock file names its package manager', () => {
  const cases: Array<[string, string]> = [
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm'],
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['bun.lock', 'bun'],
    ['bun.lockb', 'bun'],
  ];
  for (const [lock, manager] of cases) {
    const dir = project({ 'package.json': '{}', [lock]: '' });
    try {
      assert.deepEqual(detectPackageManager(dir), { manager, reason: lock });
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }
});

test('the packageManager field wins over a lock file', () => {
  const dir = project({ 'package.json': '{ "packageManager": "pnpm@9.1.0" }', 'package-lock.json': '' });
  try {
    assert.deepEqual(detectPackageManager(dir), {
      manager: 'pnpm',
      reason: '"packageManager": "pnpm@9.1.0"',
    });
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('without a lock file or field, npm is used and the reason says so', () => {
  const dir = project({ 'package.json': '{}' });
  try {
    assert.deepEqual(detectPackageManager(dir), { manager: 'npm', reason: 'no lock file' });
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('each manager adds the tarball with its own verb', () => {
  assert.deepEqual(installArgs('npm', './vendor/g.tgz'), [
    'install',
    '--save',
    '--no-audit',
    '--no-fund',
    './vendor/g.tgz',
  ]);
  assert.deepEqual(installArgs('pnpm', './vendor/g.tgz'), ['add', './vendor/g.tgz']);
  assert.deepEqual(installArgs('yarn', './vendor/g.tgz'), ['add', './vendor/g.tgz']);
  assert.deepEqual(installArgs('bun', './vendor/g.tgz'), ['add', './vendor/g.tgz']);
});
