// Runs the extension tests in a real VS Code. On machines without internet VSCODE_EXE points at the
// code-server launcher that scripts/setup-vscode-host.sh installs; elsewhere @vscode/test-electron
// downloads desktop VS Code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '../..');
const workspace = path.join(root, 'test/e2e/workspace');

/** The fixture workspace imports 'goroutines' like a user project: through node_modules. */
function linkRuntime(): void {
  const link = path.join(workspace, 'node_modules/goroutines');
  const target = path.join(root, 'runtime');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  // A dangling or foreign link (a moved checkout) is replaced.
  if (fs.existsSync(link) && fs.realpathSync(link) === fs.realpathSync(target)) return;
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync(target, link, 'dir');
}

async function main(): Promise<void> {
  linkRuntime();
  await runTests({
    ...(process.env.VSCODE_EXE ? { vscodeExecutablePath: process.env.VSCODE_EXE } : {}),
    // E2E_EXTENSION_PATH: run the same tests against another copy, e.g. an unpacked .vsix.
    extensionDevelopmentPath: process.env.E2E_EXTENSION_PATH
      ? path.resolve(process.env.E2E_EXTENSION_PATH)
      : root,
    extensionTestsPath: path.join(root, 'out/e2e/suite/index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: {
      GOROUTINES_E2E: '1',
      ...(process.env.E2E_GREP ? { E2E_GREP: process.env.E2E_GREP } : {}),
    },
  });
}

main().catch((err: unknown) => {
  console.error('extension tests failed:', err);
  process.exit(1);
});
