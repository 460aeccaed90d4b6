// The checks' reference pages are generated from their metadata: they must be current, and every
// check must have the metadata a page needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allMetas } from '../../../server/src/checks/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

test('every check has a unique GR id, a kebab-case name, a title and a WRONG/RIGHT doc', () => {
  const metas = allMetas();
  assert.equal(new Set(metas.map((m) => m.id)).size, metas.length, 'ids are unique');
  assert.equal(new Set(metas.map((m) => m.name)).size, metas.length, 'names are unique');
  for (const m of metas) {
    assert.match(m.id, /^GR\d{4}$/);
    assert.match(m.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(m.title && m.doc.why && m.doc.wrong && m.doc.right && m.doc.whenNotToUse, m.id);
    assert.notEqual(m.doc.wrong, m.doc.right, m.id);
  }
});

test('docs/checks is generated from the current metadata', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/gen-check-docs.mjs'), '--check'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
});
