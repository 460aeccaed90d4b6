// What `npm start` runs after the build: the checker over examples/, findings in text form and a
// one-line summary; the exit status is the checker's (examples/ must stay free of findings).
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.stdout.write('goroutines-check examples/\n');
const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'examples', '--format', 'text'], {
  cwd: root,
  stdio: 'inherit',
});
if (r.error) {
  process.stderr.write(`demo: could not run the checker: ${r.error.message}\n`);
  process.exit(2);
}
process.exit(r.status ?? 2);
