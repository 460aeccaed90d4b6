// goroutines-check (dist/cli.js): text, JSON and SARIF 2.1.0 output, exit statuses, --fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { repoRoot } from './lsp-client.js';

const cli = join(repoRoot, 'dist/cli.js');
const fixtures = 'server/src/checks/GR1001-wg-done-not-reached/fixtures';

function run(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('text: one line per finding, file:line:col  GRxxxx  message, exit 1', () => {
  const r = run([fixtures, '--no-progress']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    `${fixtures}/basic.ts:13:7  GR1001  wg.done() is not called when fetchText() throws`,
    `${fixtures}/basic.ts:23:3  GR1001  wg.done() is not called on the return at line 21`,
  ]);
  assert.match(r.stderr, /2 findings in 1 file/);
});

test('a clean tree (examples/) prints nothing and exits 0', () => {
  const r = run(['examples']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
});

test('json: findings with position, code, docs link, related locations and fixes', () => {
  const r = run([fixtures, '--format', 'json']);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout) as { findings: Record<string, any>[] };
  assert.equal(out.findings.length, 2);
  const [f] = out.findings;
  assert.equal(f!.file, `${fixtures}/basic.ts`);
  assert.equal(f!.line, 13);
  assert.equal(f!.column, 7);
  assert.equal(f!.code, 'GR1001');
  assert.equal(f!.name, 'wg-done-not-reached');
  assert.match(f!.docs, /docs\/checks\/GR1001\.md$/);
  assert.ok(f!.related.length >= 1);
  assert.match(f!.fixes[0].title, /finally/);
});

test('sarif: a valid SARIF 2.1.0 log with rules, help links and repository-relative paths', () => {
  const r = run([fixtures, '--format=sarif']);
  assert.equal(r.status, 1);
  const log = JSON.parse(r.stdout) as Record<string, any>;
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run0 = log.runs[0];
  const driver = run0.tool.driver;
  assert.equal(driver.name, 'goroutines-check');
  const ids = driver.rules.map((x: { id: string }) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of driver.rules) {
    assert.match(rule.id, /^GR\d{4}$/);
    assert.match(rule.helpUri, /^https:\/\/.*\/docs\/checks\/GR\d{4}\.md$/);
    assert.ok(rule.shortDescription.text);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  assert.equal(run0.results.length, 2);
  for (const res of run0.results) {
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.ok(res.message.text);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, `${fixtures}/basic.ts`, 'relative to the repository root');
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    for (const rel of res.relatedLocations ?? []) assert.ok(rel.physicalLocation.region.startLine >= 1);
    for (const fix of res.fixes ?? [])
      for (const change of fix.artifactChanges)
        for (const rep of change.replacements) assert.ok(rep.deletedRegion.charOffset >= 0);
  }
  assert.match(run0.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/.*\/$/);
  const validate = sarifValidator();
  assert.ok(validate(log), `not valid SARIF 2.1.0: ${JSON.stringify(validate.errors)}`);
});

test('sarif: the whole corpus gives a log valid against the SARIF 2.1.0 schema, and an invalid log is told apart', () => {
  const r = run(['test/corpus', '--format=sarif']);
  assert.equal(r.status, 1);
  const log = JSON.parse(r.stdout) as Record<string, any>;
  assert.ok(log.runs[0].results.length > 10);
  const validate = sarifValidator();
  assert.ok(validate(log), `not valid SARIF 2.1.0: ${JSON.stringify(validate.errors)}`);
  log.runs[0].results[0].level = 'fatal';
  assert.equal(validate(log), false, 'the validator rejects a level SARIF does not define');
});

/**
 * The official SARIF 2.1.0 JSON schema (OASIS, errata rtm.5, as published on schemastore.org and
 * kept in test/integration/schemas/), compiled with ajv (draft-04 meta-schema).
 */
function sarifValidator(): Ajv.ValidateFunction {
  const require = createRequire(import.meta.url);
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true, format: 'full' });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
  return ajv.compile(
    JSON.parse(readFileSync(join(repoRoot, 'test/integration/schemas/sarif-2.1.0.json'), 'utf8')),
  );
}

test('usage errors exit 2 with a clear message', () => {
  const unknown = run(['--frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option --frobnicate/);
  const format = run(['--format', 'xml']);
  assert.equal(format.status, 2);
  assert.match(format.stderr, /unknown format "xml"/);
  const missing = run(['no/such/dir']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such file or directory/);
  const noValue = run(['--project']);
  assert.equal(noValue.status, 2);
  assert.match(noValue.stderr, /--project needs a value/);
});

test('--fix applies the quick fixes, writes the files, and exits 0 when nothing remains', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goroutines-check-'));
  try {
    for (const id of ['GR1001-wg-done-not-reached', 'GR6001-unawaited-operation']) {
      const src = join(repoRoot, 'server/src/checks', id, 'fixtures/basic.ts');
      copyFileSync(src, join(dir, `${id}.ts`));
    }
    const r = run([dir, '--fix']);
    assert.match(r.stderr, /fixed 7 findings in 2 files/);
    for (const id of ['GR1001-wg-done-not-reached', 'GR6001-unawaited-operation']) {
      const golden = readFileSync(
        join(repoRoot, 'server/src/checks', id, 'fixtures/basic.ts.golden'),
        'utf8',
      );
      assert.equal(readFileSync(join(dir, `${id}.ts`), 'utf8'), golden, id);
    }
    assert.equal(r.status, 0, r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file nested too deeply to parse is named and skipped; the other files are still checked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goroutines-check-'));
  try {
    copyFileSync(join(repoRoot, fixtures, 'basic.ts'), join(dir, 'basic.ts'));
    const depth = 20_000;
    writeFileSync(join(dir, 'deep.ts'), `export const x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n`);
    const r = run([dir, '--no-progress']);
    assert.match(r.stderr, /warning: .*deep\.ts: not analysed: .*nested too deeply to parse/);
    assert.equal(r.stdout.trim().split('\n').length, 2, r.stdout);
    assert.match(r.stdout, /basic\.ts:13:7 {2}GR1001/);
    assert.equal(r.status, 1, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
