// The goroutine-dump grammar's rules match the lines of Go-format dumps and capture their parts.
// (VS Code runs these with Oniguruma; the patterns use only syntax both engines read alike.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Rule {
  match: string;
  captures: Record<string, { name: string }>;
}
const root = path.resolve(import.meta.dirname, '../../..');
const grammar = JSON.parse(
  fs.readFileSync(path.join(root, 'syntaxes/goroutines.tmLanguage.json'), 'utf8'),
) as {
  scopeName: string;
  patterns: { include: string }[];
  repository: Record<string, Rule>;
};

/** The first rule (in the grammar's order) matching the line, and its scopes → captured text. */
function tokenize(line: string): { rule: string; scopes: Record<string, string> } | undefined {
  for (const { include } of grammar.patterns) {
    const name = include.slice(1);
    const rule = grammar.repository[name];
    const m = new RegExp(rule.match).exec(line);
    if (!m) continue;
    const scopes: Record<string, string> = {};
    for (const [i, c] of Object.entries(rule.captures)) {
      if (m[Number(i)] !== undefined && m[Number(i)] !== '')
        scopes[c.name.replace(/\.goroutines$/, '')] = m[Number(i)];
    }
    return { rule: name, scopes };
  }
  return undefined;
}

test('the grammar is the goroutines language and every included rule exists', () => {
  assert.equal(grammar.scopeName, 'source.goroutines');
  for (const { include } of grammar.patterns) assert.ok(grammar.repository[include.slice(1)], include);
});

test('goroutine headers: id, optional label, wait reason and details', () => {
  assert.deepEqual(tokenize('goroutine 7 "producer" [chan send, 3 minutes]:'), {
    rule: 'header',
    scopes: {
      'keyword.other.goroutine': 'goroutine',
      'constant.numeric.goroutine-id': '7',
      'string.quoted.label': '"producer"',
      'punctuation.definition.state.begin': '[',
      'entity.name.tag.wait-reason': 'chan send',
      'string.unquoted.wait-detail': ', 3 minutes',
      'punctuation.definition.state.end': ']',
      'punctuation.separator': ':',
    },
  });
  assert.equal(
    tokenize('goroutine 18 gp=0xc000102a80 m=nil [select]:')?.scopes['comment.line.scheduler'],
    'gp=0xc000102a80 m=nil',
  );
});

test('fatal errors and panics are messages', () => {
  assert.deepEqual(tokenize('fatal error: all goroutines are asleep - deadlock!'), {
    rule: 'fatal',
    scopes: {
      'keyword.control.fatal': 'fatal error:',
      'invalid.illegal.message': 'all goroutines are asleep - deadlock!',
    },
  });
  assert.deepEqual(tokenize('panic: send on closed channel [recovered]')?.scopes, {
    'keyword.control.panic': 'panic:',
    'invalid.illegal.message': 'send on closed channel',
    'comment.line.recovered': ' [recovered]',
  });
});

test('frames, locations and created-by lines', () => {
  assert.deepEqual(tokenize('main.worker(0xc000012345, 0x2)'), {
    rule: 'frame',
    scopes: { 'entity.name.function': 'main.worker', 'variable.parameter': '0xc000012345, 0x2' },
  });
  assert.deepEqual(tokenize('\t/home/ana/app/main.ts:12:5 +0x1d')?.scopes, {
    'markup.underline.link.path': '/home/ana/app/main.ts',
    'constant.numeric.line': '12',
    'constant.numeric.column': '5',
    'comment.line.offset': '+0x1d',
  });
  assert.deepEqual(tokenize('created by main.main in goroutine 1')?.scopes, {
    'keyword.other.created-by': 'in goroutine',
    'entity.name.function': 'main.main',
    'constant.numeric.goroutine-id': '1',
  });
  assert.equal(tokenize('exit status 2')?.rule, 'exitStatus');
});
