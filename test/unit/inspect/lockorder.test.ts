// Lock-order checking driven through the lock hooks with hand-built goroutine records, as the sync
// primitives call them. The cases are go-deadlock's and lockdep's: an AB/BA inversion, a longer cycle,
// recursive Mutex locking, recursive read locking.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as lockOrder from '../../../runtime/src/inspect/lockorder.js';
import { problems } from '../../../runtime/src/inspect/state.js';
import type { GoroutineRecord } from '../../../runtime/src/sched/record.js';
import type { LockKind } from '../../../runtime/src/inspect/hooks.js';
import { programs, reports, runProgram } from './run.js';

class Mutex {}
class RWMutex {}

let out: string[] = [];
lockOrder.lockOrderOptions.write = (text) => void out.push(text);
beforeEach(() => {
  out = [];
  problems.length = 0;
});

function g(id: number, name = ''): GoroutineRecord {
  return {
    id,
    name,
    parentId: 1,
    thread: 0,
    state: 'running',
    waitReason: '',
    waitSince: 0,
    waitingOn: null,
    createdAt: undefined,
    parkedAt: undefined,
  };
}

function lock(l: object, who: GoroutineRecord | null, kind: LockKind = 'mutex'): void {
  lockOrder.lockAcquiring(l, kind, who);
  lockOrder.lockAcquired(l, kind, who);
}
const unlock = (l: object, who: GoroutineRecord, kind: LockKind = 'mutex') =>
  lockOrder.lockReleased(l, kind, who);

test('the same order everywhere reports nothing', () => {
  const a = new Mutex();
  const b = new Mutex();
  for (const who of [g(2), g(3), g(2)]) {
    lock(a, who);
    lock(b, who);
    unlock(b, who);
    unlock(a, who);
  }
  assert.deepEqual(out, []);
  assert.deepEqual(problems, []);
});

test('a then b in one goroutine and b then a in another is reported once, with both goroutines', () => {
  const a = new Mutex();
  const b = new Mutex();
  const g2 = g(2, 'transfer');
  const g3 = g(3);
  lock(a, g2);
  lock(b, g2);
  unlock(b, g2);
  unlock(a, g2);
  lock(b, g3);
  lock(a, g3);
  unlock(a, g3);
  unlock(b, g3);
  // Seen again: not reported twice.
  lock(b, g3);
  lock(a, g3);
  assert.equal(out.length, 1);
  const text = out[0]!;
  assert.match(text, /^==================\nWARNING: LOCK ORDER INVERSION\n/);
  assert.match(text, /goroutine 3 acquires Mutex #\d+ while holding Mutex #\d+:/);
  assert.match(text, /earlier, goroutine 2 "transfer" acquired a lock while holding Mutex #\d+:/);
  // Both stacks point at this file, in Go's frame layout.
  assert.match(text, /\n {2}lock\(\.\.\.\)\n {2}\t.*lockorder\.test\.ts:\d+\n/);
  assert.equal(problems.length, 1);
  const p = problems[0]!;
  assert.equal(p.kind, 'lock-order');
  if (p.kind === 'lock-order') {
    assert.equal(p.first.goroutine, 2);
    assert.equal(p.second.goroutine, 3);
    assert.ok(p.second.frames.length > 0);
  }
});

test('a cycle through three locks is an inversion too', () => {
  const [a, b, c] = [new Mutex(), new Mutex(), new Mutex()];
  const [g2, g3, g4] = [g(2), g(3), g(4)];
  lock(a, g2);
  lock(b, g2);
  unlock(b, g2);
  unlock(a, g2);
  lock(b, g3);
  lock(c, g3);
  unlock(c, g3);
  unlock(b, g3);
  assert.equal(out.length, 0);
  lock(c, g4);
  lock(a, g4);
  assert.equal(out.length, 1);
  assert.match(out[0]!, /goroutine 4 acquires Mutex #\d+ while holding Mutex #\d+/);
});

test('locking a held Mutex again in the same goroutine is a recursive lock', () => {
  const m = new Mutex();
  const g2 = g(2);
  lock(m, g2);
  lockOrder.lockAcquiring(m, 'mutex', g2);
  assert.equal(out.length, 1);
  assert.match(out[0]!, /WARNING: RECURSIVE LOCK\ngoroutine 2 locks Mutex #\d+, which it already holds/);
  assert.equal(problems[0]!.kind, 'recursive-lock');
});

test('another goroutine waiting for a held Mutex is not recursion; unlock from another goroutine releases', () => {
  const m = new Mutex();
  lock(m, g(2));
  lockOrder.lockAcquiring(m, 'mutex', g(3));
  assert.deepEqual(out, []);
  // Go allows unlocking a Mutex from a goroutine other than the one that locked it.
  const g4 = g(4);
  const n = new Mutex();
  lock(n, g4);
  unlock(n, g(5));
  lock(n, g4);
  assert.deepEqual(out, []);
});

test('read-locking an RWMutex already read-held by the same goroutine is reported', () => {
  const rw = new RWMutex();
  const g2 = g(2);
  lock(rw, g2, 'rlock');
  lockOrder.lockAcquiring(rw, 'rlock', g2);
  assert.equal(out.length, 1);
  assert.match(out[0]!, /WARNING: RECURSIVE READ LOCK\ngoroutine 2 read-locks RWMutex #\d+ again/);
  // Two readers in two goroutines are fine.
  out = [];
  lock(rw, g(3), 'rlock');
  assert.deepEqual(out, []);
});

test('a wait longer than the threshold is reported with the holder stack', async () => {
  lockOrder.lockOrderOptions.waitMs = 5;
  try {
    const m = new Mutex();
    const g2 = g(2, 'holder');
    lock(m, g2);
    const g3 = g(3);
    lockOrder.lockAcquiring(m, 'mutex', g3);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(out.length, 1);
    assert.match(
      out[0]!,
      /WARNING: LONG LOCK WAIT\ngoroutine 3 has waited more than 5 ms for Mutex #\d+, held by goroutine 2 "holder":/,
    );
    assert.match(out[0]!, /was acquired by goroutine 2 "holder" at:\n {2}lock\(\.\.\.\)/);
    // An acquisition that completes in time is not reported.
    out = [];
    const n = new Mutex();
    const g4 = g(4);
    lockOrder.lockAcquiring(n, 'mutex', g4);
    lockOrder.lockAcquired(n, 'mutex', g4);
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(out, []);
  } finally {
    lockOrder.lockOrderOptions.waitMs = 0;
  }
});

// ---- the checker inside real programs (child processes) ---------------------------------------------

test('program, Mutex: opposite lock orders are reported even when this run does not deadlock', () => {
  const r = runProgram('mutex-ab-ba.ts', { GOROUTINES_LOCKORDER: '1' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'balances 100 100\n');
  const file = programs + 'mutex-ab-ba.ts';
  const [inversion, ...rest] = reports(r.stderr);
  assert.deepEqual(rest, []);
  assert.equal(
    inversion,
    [
      'WARNING: LOCK ORDER INVERSION',
      `goroutine 3 "refund" acquires Mutex #1 (${file}:7) while holding Mutex #2 (${file}:7):`,
      '  transfer(...)',
      `  \t${file}:14`,
      '  <anonymous>(...)',
      `  \t${file}:37`,
      '',
      `Mutex #2 (${file}:7) was acquired at:`,
      '  transfer(...)',
      `  \t${file}:12`,
      '  <anonymous>(...)',
      `  \t${file}:37`,
      '',
      `earlier, goroutine 2 "pay" acquired a lock while holding Mutex #1 (${file}:7):`,
      '  transfer(...)',
      `  \t${file}:14`,
      '  <anonymous>(...)',
      `  \t${file}:31`,
      '',
      `Mutex #1 (${file}:7) was acquired at:`,
      '  transfer(...)',
      `  \t${file}:12`,
      '  <anonymous>(...)',
      `  \t${file}:31`,
      '',
    ].join('\n'),
  );
});

test('program, RWMutex: a recursive read lock is reported, then the deadlock it causes', () => {
  // The reader resumes from a timer: only the exact attribution of debug runs knows it is the reader.
  const r = runProgram('rwmutex-recursive-rlock.ts', { GOROUTINES_DEBUG: '1' });
  assert.equal(r.status, 2);
  const [report] = reports(r.stderr);
  assert.match(
    report!,
    /^WARNING: RECURSIVE READ LOCK\ngoroutine 2 "reader" read-locks RWMutex #1 \(.*:5\) again/,
  );
  assert.match(
    r.stderr,
    /\n==================\nfatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[sync\.WaitGroup\.Wait\]:\n/,
  );
  assert.match(r.stderr, /\ngoroutine 2 "reader" \[sync\.RWMutex\.RLock\]:\n/);
  assert.match(r.stderr, /\ngoroutine 3 "writer" \[sync\.RWMutex\.Lock\]:\n/);
});

test('program: without GOROUTINES_LOCKORDER the inversion goes unreported', () => {
  const r = runProgram('mutex-ab-ba.ts', {});
  assert.equal(r.stderr, '');
});

test('code outside any goroutine is not checked: unrelated async flows would look like one', () => {
  const m = new Mutex();
  lock(m, null);
  lockOrder.lockAcquiring(m, 'mutex', null);
  assert.deepEqual(out, []);
});
