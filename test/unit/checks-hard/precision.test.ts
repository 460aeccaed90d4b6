// Precision: the whole-program checks report nothing on the examples (the patterns done right) nor
// on any TypeScript snippet expanded with its defaults.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyse, loadChecks, programFiles, root } from './harness.js';

const checks = await loadChecks();

const HEADER =
  "import { go, chan, select, recv, send, otherwise, sleep, after, tick, Ticker, Timer, WaitGroup, Mutex, RWMutex, Once, Cond, context, errgroup, Semaphore, SingleFlight, type Chan, type RecvChan, type SendChan, type Context } from 'goroutines';\n";

/** A snippet body with every placeholder replaced by its default and `$n` by the text it mirrors. */
function expand(body: readonly string[]): string {
  let text = body.join('\n');
  const values = new Map<string, string>();
  for (let guard = 0; guard < 50; guard++) {
    const m = /\$\{(\d+)(?::((?:[^${}]|\$(?!\{))*)|\|([^|]*)\|)?\}/.exec(text);
    if (!m) break;
    const value = m[2] ?? m[3]?.split(',')[0] ?? '';
    if (!values.has(m[1]!)) values.set(m[1]!, value);
    text = text.slice(0, m.index) + value + text.slice(m.index + m[0].length);
  }
  return text.replace(/\$(\d+)/g, (_, n: string) => values.get(n) ?? '').replace(/\\\$/g, '$');
}

describe('whole-program checks stay silent on correct code', () => {
  it('examples/', () => {
    const found = analyse(programFiles(join(root, 'examples')), checks);
    assert.deepEqual(
      found.map((r) => `${r.file}:${r.line} ${r.id} ${r.finding.message}`),
      [],
    );
  });

  it('snippets (TypeScript, expanded with their defaults)', () => {
    const snippets = JSON.parse(
      readFileSync(join(root, 'snippets', 'goroutines.code-snippets'), 'utf8'),
    ) as Record<string, { scope: string; body: string[] }>;
    const dir = mkdtempSync(join(tmpdir(), 'snippets-'));
    try {
      const files: string[] = [];
      let i = 0;
      for (const [name, s] of Object.entries(snippets)) {
        if (!s.scope.split(',').includes('typescript')) continue;
        const f = join(dir, `s${i++}.ts`);
        writeFileSync(
          f,
          `${HEADER}// ${name}\nexport async function snippet(): Promise<void> {\n${expand(s.body)}\n}\n`,
        );
        files.push(f);
      }
      assert.ok(files.length > 10, 'snippets were found');
      const found = analyse(files, checks);
      assert.deepEqual(
        found.map(
          (r) =>
            `${readFileSync(r.file, 'utf8').split('\n')[1]} line ${r.line - 2}: ${r.id} ${r.finding.message}`,
        ),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
