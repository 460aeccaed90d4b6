// Packs the bundled runtime (package.json, README, dist/) into an npm-style .tgz (ustar + gzip),
// so every package manager installs it the same way, with no npm needed to pack it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

const BLOCK = 512;

/** The files a package tarball holds: `package/<relative path>` → contents. */
export function runtimeFiles(runtimeDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const manifest = JSON.parse(fs.readFileSync(path.join(runtimeDir, 'package.json'), 'utf8'));
  files.set('package.json', Buffer.from(JSON.stringify(publishedManifest(manifest), null, 2) + '\n'));
  const readme = path.join(runtimeDir, 'README.md');
  if (fs.existsSync(readme)) files.set('README.md', fs.readFileSync(readme));
  const walk = (dir: string, rel: string): void => {
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(abs, r);
      else if (e.isFile() && !/\.(map|tsbuildinfo)$/.test(e.name)) files.set(r, fs.readFileSync(abs));
    }
  };
  walk(path.join(runtimeDir, 'dist'), 'dist');
  return files;
}

/**
 * The manifest as installed: no `development` export condition (its sources are not shipped, and
 * bundlers such as Vite resolve that condition in dev mode), no scripts or dev dependencies.
 */
export function publishedManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const strip = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'development')
        .map(([k, x]) => [k, strip(x)]),
    );
  };
  const { scripts: _scripts, devDependencies: _dev, ...rest } = manifest;
  return { ...rest, exports: strip(rest.exports) };
}

export function tarGzip(files: ReadonlyMap<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of files) {
    blocks.push(header(`package/${name}`, data.length));
    blocks.push(data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) blocks.push(Buffer.alloc(pad));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(blocks));
}

function header(fullName: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let name = fullName;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 154);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) {
      throw new Error(`path too long for a package tarball: ${fullName}`);
    }
  }
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0') + '\0';
  h.write(name, 0, 100);
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  // npm packs with a fixed mtime too (1985-10-26), so the same files give the same tarball.
  h.write(octal(499162500, 12), 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}
