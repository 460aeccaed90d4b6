// Runs the extension tests in a real VS Code. On machines without internet VSCODE_EXE points at the
// code-server launcher that scripts/setup-vscode-host.sh installs; elsewhere @vscode/test-electron
// downloads desktop VS Code.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  await runTests({
    ...(process.env.VSCODE_EXE ? { vscodeExecutablePath: process.env.VSCODE_EXE } : {}),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/e2e/suite/index.js'),
    launchArgs: [path.join(root, 'test/e2e/workspace'), '--disable-extensions'],
    extensionTestsEnv: { GOROUTINES_E2E: '1' },
  });
}

main().catch((err: unknown) => {
  console.error('extension tests failed:', err);
  process.exit(1);
});
