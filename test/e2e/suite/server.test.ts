// The language server's lifecycle: a server process that dies is started again, and the setting
// goroutines.enable stops and starts it.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activate, waitFor } from './helpers.js';

/** Pids of language-server processes started by this extension host. */
function serverPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('dist/server.js')) pids.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}

suite('language server', () => {
  test('a killed server is restarted', async function () {
    if (process.platform !== 'linux') this.skip();
    const { api } = await activate();
    await waitFor('a running server', () => (api.server.isRunning() ? true : undefined));
    const [before] = await waitFor('the server process', () => {
      const pids = serverPids();
      return pids.length === 1 ? pids : undefined;
    });
    process.kill(before, 'SIGKILL');
    const after = await waitFor('a new server process', () => {
      const pids = serverPids();
      return pids.length === 1 && pids[0] !== before && api.server.isRunning() ? pids[0] : undefined;
    });
    assert.notStrictEqual(after, before);
  });

  test('goroutines.enable stops and starts the server', async () => {
    const { api } = await activate();
    const config = vscode.workspace.getConfiguration('goroutines');
    try {
      await config.update('enable', false, vscode.ConfigurationTarget.Global);
      await waitFor('the server to stop', () =>
        !api.server.isRunning() && serverPids().length === 0 ? true : undefined,
      );
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the server to start again', () => (api.server.isRunning() ? true : undefined));
  });
});
