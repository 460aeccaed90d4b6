// The goroutine-dump parser behind the dump language's links, outline and folding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLocations, groupByState, parseDump } from '../../../client/src/dump/parse.js';

// The shape of Go's deadlock output (runtime/traceback.go: goroutine header, frames, "created by").
const DEADLOCK = [
  'fatal error: all goroutines are asleep - deadlock!',
  '',
  'goroutine 1 [chan receive, 3 minutes]:',
  'main(...)',
  '\t/home/ana/app/src/main.ts:22:15',
  '',
  'goroutine 7 "producer" [chan send]:',
  'produce(0x2a)',
  '\tsrc/producer.ts:12:9 +0x25',
  'helper()',
  '\tfile:///home/ana/app/src/helper.ts:3:1',
  'created by main in goroutine 1',
  '\t/home/ana/app/src/main.ts:18:3',
  '',
  'goroutine 9 [chan receive]:',
  'consume()',
  '\t/home/ana/app/src/consumer.ts:40',
  'created by main.main in goroutine 1',
  '\t/home/ana/app/src/main.ts:19 +0x44',
  'exit status 2',
].join('\n');

test('a fatal error line becomes a message and ends no goroutine', () => {
  const dump = parseDump(DEADLOCK);
  assert.deepEqual(dump.messages, [
    { kind: 'fatal error', text: 'all goroutines are asleep - deadlock!', line: 0 },
  ]);
});

test('headers give id, label, state, details and minutes waited', () => {
  const [main, producer, consumer] = parseDump(DEADLOCK).goroutines;
  assert.equal(main.id, 1);
  assert.equal(main.state, 'chan receive');
  assert.deepEqual(main.details, ['3 minutes']);
  assert.equal(main.waitMinutes, 3);
  assert.equal(main.name, undefined);
  assert.equal(producer.id, 7);
  assert.equal(producer.name, 'producer');
  assert.equal(producer.state, 'chan send');
  assert.equal(producer.waitMinutes, undefined);
  assert.equal(consumer.id, 9);
});

test('each frame carries its function, arguments and the location on the next line', () => {
  const producer = parseDump(DEADLOCK).goroutines[1];
  assert.deepEqual(
    producer.frames.map((f) => [
      f.function,
      f.args,
      f.line,
      f.location?.path,
      f.location?.line,
      f.location?.column,
    ]),
    [
      ['produce', '0x2a', 7, 'src/producer.ts', 12, 9],
      ['helper', '', 9, 'file:///home/ana/app/src/helper.ts', 3, 1],
    ],
  );
});

test('created by names the parent function, goroutine and location', () => {
  const [, producer, consumer] = parseDump(DEADLOCK).goroutines;
  assert.equal(producer.createdBy?.function, 'main');
  assert.equal(producer.createdBy?.goroutineId, 1);
  assert.equal(producer.createdBy?.location?.path, '/home/ana/app/src/main.ts');
  assert.equal(producer.createdBy?.location?.line, 18);
  assert.equal(consumer.createdBy?.function, 'main.main');
  assert.equal(consumer.createdBy?.location?.line, 19);
  assert.equal(consumer.createdBy?.location?.column, undefined);
});

test('a goroutine block ends at its last non-blank line, before the next block', () => {
  const [main, producer, consumer] = parseDump(DEADLOCK).goroutines;
  assert.equal(main.line, 2);
  assert.equal(main.endLine, 4);
  assert.equal(producer.line, 6);
  assert.equal(producer.endLine, 12);
  // "exit status 2" follows without a blank line; it is not a frame.
  assert.equal(consumer.endLine, 18);
  assert.equal(consumer.frames.length, 1);
});

test('every location in the dump is listed with its exact character range', () => {
  const lines = DEADLOCK.split('\n');
  const { locations } = parseDump(DEADLOCK);
  assert.equal(locations.length, 6);
  for (const l of locations) {
    const text = lines[l.at.line].slice(l.at.start, l.at.end);
    assert.ok(text.startsWith(l.path), `${text} starts with ${l.path}`);
    assert.ok(text.endsWith(l.column === undefined ? `:${l.line}` : `:${l.line}:${l.column}`), text);
  }
});

test('Node-style frames are one line each, with the function before the location', () => {
  const text = [
    'goroutine 3 [select]:',
    '    at worker (/srv/app/worker.ts:10:7)',
    '    at async Promise.all (index 0)',
    '    at /srv/app/main.js:4:2',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ].join('\n');
  const g = parseDump(text).goroutines[0];
  assert.equal(g.state, 'select');
  assert.deepEqual(
    g.frames.map((f) => [f.function, f.location?.path ?? null]),
    [
      ['worker', '/srv/app/worker.ts'],
      ['Promise.all', null],
      ['', '/srv/app/main.js'],
      ['process.processTicksAndRejections', null],
    ],
  );
});

test('paths without a file extension, node internals and prose are not locations', () => {
  assert.deepEqual(findLocations('    at node:internal/process/task_queues:95:5', 0), []);
  assert.deepEqual(findLocations('goroutine 7 [chan receive, 3 minutes]:', 0), []);
  assert.deepEqual(findLocations('panic: send on closed channel', 0), []);
  assert.deepEqual(findLocations('listening on localhost:8080', 0), []);
});

test('Windows paths keep their drive letter', () => {
  const [l] = findLocations('\tC:\\work\\app\\main.ts:5:3', 0);
  assert.equal(l.path, 'C:\\work\\app\\main.ts');
  assert.equal(l.line, 5);
  assert.equal(l.column, 3);
});

test('Go headers with scheduler fields and several details parse', () => {
  const g = parseDump(
    'goroutine 18 gp=0xc000102a80 m=nil [select, 12 minutes, locked to thread]:\nmain.loop()',
  ).goroutines[0];
  assert.equal(g.id, 18);
  assert.equal(g.name, undefined);
  assert.equal(g.state, 'select');
  assert.deepEqual(g.details, ['12 minutes', 'locked to thread']);
  assert.equal(g.waitMinutes, 12);
  assert.equal(g.frames[0].function, 'main.loop');
});

test('panic lines are messages, and CRLF dumps parse like LF dumps', () => {
  const text = 'panic: send on closed channel\r\n\r\ngoroutine 1 [running]:\r\nmain()\r\n\t/a/b.ts:1:1\r\n';
  const dump = parseDump(text);
  assert.deepEqual(dump.messages, [{ kind: 'panic', text: 'send on closed channel', line: 0 }]);
  assert.equal(dump.goroutines[0].frames[0].location?.path, '/a/b.ts');
});

test('goroutines group by state in order of first appearance', () => {
  const groups = groupByState(parseDump(DEADLOCK).goroutines);
  assert.deepEqual(
    [...groups].map(([state, gs]) => [state, gs.map((g) => g.id)]),
    [
      ['chan receive', [1, 9]],
      ['chan send', [7]],
    ],
  );
});
