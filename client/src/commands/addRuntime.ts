// "Goroutines: Add the runtime to this project": installs the runtime that ships inside the
// extension into a workspace folder, with the package manager the folder already uses (from its
// `packageManager` field or lock file), as a tarball copied into the folder's vendor/ directory.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from './registry.js';
import { detectPackageManager, installArgs } from './packageManager.js';
import { runtimeFiles, tarGzip } from './tarball.js';

export async function addRuntime(ctx: CommandContext, target?: vscode.Uri): Promise<boolean> {
  const folder = target ?? (await pickFolder());
  if (!folder) return false;
  const dir = folder.fsPath;
  const runtimeDir = ctx.extension.asAbsolutePath('runtime');
  if (!fs.existsSync(path.join(runtimeDir, 'dist', 'index.js'))) {
    throw new Error(
      `the bundled runtime is missing (${path.join(runtimeDir, 'dist')}); reinstall the extension`,
    );
  }
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    const create = 'Create package.json';
    const choice = await vscode.window.showWarningMessage(
      `Goroutines: ${path.basename(dir)} has no package.json, so there is no project to add the runtime to.`,
      create,
    );
    if (choice !== create) return false;
    const manifest = {
      name: path
        .basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9-._]/g, '-'),
      private: true,
      type: 'module',
    };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  }

  const version = JSON.parse(fs.readFileSync(path.join(runtimeDir, 'package.json'), 'utf8'))
    .version as string;
  const tarballName = `goroutines-${version}.tgz`;
  fs.mkdirSync(path.join(dir, 'vendor'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'vendor', tarballName), tarGzip(runtimeFiles(runtimeDir)));
  const spec = `./vendor/${tarballName}`;

  const { manager, reason } = detectPackageManager(dir);
  const args = installArgs(manager, spec);
  ctx.log.info(
    `adding goroutines ${version} to ${dir} with ${manager} (${reason}): ${manager} ${args.join(' ')}`,
  );
  const code = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Goroutines: ${manager} ${args.join(' ')}` },
    () => run(manager, args, dir, ctx.log),
  );
  if (code === 'missing') {
    throw new Error(
      `${manager} is not on PATH (chosen from ${reason}); install it, or run "${manager} ${args.join(' ')}" in ${dir}`,
    );
  }
  if (code !== 0) {
    ctx.log.show(true);
    throw new Error(`${manager} exited with code ${code} while adding the runtime; see the output`);
  }
  void vscode.window.showInformationMessage(
    `Goroutines: added goroutines ${version} to ${path.basename(dir)} with ${manager} (from ${spec}).`,
  );
  return true;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(
      'Goroutines: open a folder first; the runtime is added to its package.json.',
    );
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Add the goroutines runtime to…' }))
    ?.uri;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  log: vscode.LogOutputChannel,
): Promise<number | 'missing'> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, shell: process.platform === 'win32', env: process.env });
    child.stdout.on('data', (d: Buffer) => log.info(d.toString().trimEnd()));
    child.stderr.on('data', (d: Buffer) => log.info(d.toString().trimEnd()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      log.error(`${command}: ${err.message}`);
      resolve(err.code === 'ENOENT' ? 'missing' : 1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
