// Which package manager a folder uses, and how to add a dependency with it. No VS Code here, so it
// is unit-tested directly.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCK_FILES: ReadonlyArray<[string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** How the folder's package manager was found: the `packageManager` field, a lock file, or the default. */
export function detectPackageManager(folder: string): { manager: PackageManager; reason: string } {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    const field = typeof manifest.packageManager === 'string' ? manifest.packageManager : '';
    const name = field.split('@')[0];
    if (name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun') {
      return { manager: name, reason: `"packageManager": "${field}"` };
    }
  } catch {
    // No readable package.json: the caller reports that.
  }
  for (const [file, manager] of LOCK_FILES) {
    if (fs.existsSync(path.join(folder, file))) return { manager, reason: file };
  }
  return { manager: 'npm', reason: 'no lock file' };
}

/** The arguments that add `spec` (a path or tarball) as a dependency. */
export function installArgs(manager: PackageManager, spec: string): string[] {
  switch (manager) {
    case 'npm':
      return ['install', '--save', '--no-audit', '--no-fund', spec];
    case 'pnpm':
      return ['add', spec];
    case 'yarn':
      return ['add', spec];
    case 'bun':
      return ['add', spec];
  }
}
