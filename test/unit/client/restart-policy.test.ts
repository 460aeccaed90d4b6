// A crashed language server is restarted with a notice shown at most once a minute, and left
// stopped once it crashes more than five times in three minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartPolicy } from '../../../client/src/restartPolicy.js';

const MIN = 60_000;

test('every crash restarts; the notice is shown at most once per interval', () => {
  const p = new RestartPolicy(5, 3 * MIN, MIN);
  assert.deepEqual(p.crashed(0), { restart: true, notify: true, crashes: 1 });
  assert.deepEqual(p.crashed(10_000), { restart: true, notify: false, crashes: 2 });
  assert.deepEqual(p.crashed(MIN), { restart: true, notify: true, crashes: 3 });
});

test('more crashes than allowed within the window leave the server stopped, with a notice', () => {
  const p = new RestartPolicy(5, 3 * MIN, MIN);
  for (let i = 0; i < 5; i++) assert.equal(p.crashed(i * 1000).restart, true);
  assert.deepEqual(p.crashed(5000), { restart: false, notify: true, crashes: 6 });
});

test('crashes older than the window no longer count', () => {
  const p = new RestartPolicy(2, 3 * MIN, MIN);
  p.crashed(0);
  p.crashed(1000);
  assert.deepEqual(p.crashed(3 * MIN + 500), { restart: true, notify: true, crashes: 2 });
});

test('a manual restart starts the count afresh', () => {
  const p = new RestartPolicy(1, 3 * MIN, MIN);
  p.crashed(0);
  assert.equal(p.crashed(1).restart, false);
  p.reset();
  assert.equal(p.crashed(2).restart, true);
});
