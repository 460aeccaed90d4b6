// `npm run package`: production bundles, then a .vsix with @vscode/vsce (no node_modules: everything
// that runs is bundled), then a check that the .vsix holds only what runs, and a summary of it.
// Usage: node scripts/package.mjs [--out file.vsix] [--skip-build]
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What a .vsix may hold besides VS Code's own metadata ([Content_Types].xml, extension.vsixmanifest). */
export const ALLOWED = [
  /^extension\/package\.json$/,
  /^extension\/(readme|README)\.md$/,
  /^extension\/(LICENSE|LICENSE\.txt|license\.txt)$/,
  /^extension\/language-configuration\.json$/,
  /^extension\/dist\/[^/]+\.js$/,
  /^extension\/dist\/package\.json$/,
  /^extension\/runtime\/package\.json$/,
  /^extension\/runtime\/README\.md$/,
  /^extension\/runtime\/dist\/.+\.(js|d\.ts)$/,
  /^extension\/snippets\/goroutines(\.javascript)?\.code-snippets$/,
  /^extension\/syntaxes\/goroutines\.tmLanguage\.json$/,
  /^extension\/docs\/checks\/.+\.md$/,
];
/** What a working .vsix must hold. */
export const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/package.json',
  'extension/runtime/package.json',
  'extension/runtime/dist/index.js',
  'extension/snippets/goroutines.code-snippets',
  'extension/snippets/goroutines.javascript.code-snippets',
  'extension/syntaxes/goroutines.tmLanguage.json',
  'extension/language-configuration.json',
];
const METADATA = new Set(['[Content_Types].xml', 'extension.vsixmanifest']);

/** The entries of a zip file (name, compressed and uncompressed size), from its central directory. */
export function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), method, compressed, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed contents of one zip entry. */
export function zipRead(buf, entry) {
  const p = entry.offset;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressed);
  return entry.method === 0 ? data : inflateRawSync(data);
}

/** Problems with a .vsix's file list: files that should not ship, files that are missing. */
export function vsixProblems(names) {
  const problems = [];
  for (const n of names) {
    if (!METADATA.has(n) && !ALLOWED.some((re) => re.test(n))) problems.push(`unexpected file: ${n}`);
  }
  for (const n of REQUIRED) if (!names.includes(n)) problems.push(`missing file: ${n}`);
  return problems;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: ${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const outIndex = argv.indexOf('--out');
  const out = resolve(root, outIndex >= 0 ? argv[outIndex + 1] : `${manifest.name}-${manifest.version}.vsix`);
  if (!argv.includes('--skip-build'))
    run(process.execPath, [join(root, 'scripts/build.mjs'), '--production']);
  run(process.execPath, [
    join(root, 'node_modules/@vscode/vsce/vsce'),
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--out',
    out,
  ]);

  const buf = readFileSync(out);
  const entries = zipEntries(buf);
  const groups = new Map();
  for (const e of entries) {
    const parts = e.name.split('/');
    const depth = parts[1] === 'runtime' ? 3 : 2;
    const group = parts.length > depth ? parts.slice(0, depth).join('/') + '/' : e.name;
    const g = groups.get(group) ?? { files: 0, bytes: 0 };
    g.files++;
    g.bytes += e.size;
    groups.set(group, g);
  }
  console.log(`\n${out}: ${kb(statSync(out).size)}, ${entries.length} files`);
  for (const [group, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`  ${kb(g.bytes).padStart(10)}  ${String(g.files).padStart(3)} file(s)  ${group}`);
  }
  const problems = vsixProblems(entries.map((e) => e.name));
  if (problems.length > 0) {
    console.error(`\npackage: the .vsix is not what should ship:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}
