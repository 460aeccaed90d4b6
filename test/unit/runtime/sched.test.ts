// The scheduler: goroutine records, the registry, hooks, and the preemption policy that keeps a busy
// channel loop from starving timers and I/O.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chan, go, Mutex, recv, select, send, WaitGroup } from 'goroutines';
import { hooks } from '../../../runtime/src/inspect/hooks.js';
import type { GoroutineRecord } from '../../../runtime/src/sched/record.js';
import { getCurrent, goroutines, main, parkedCount } from '../../../runtime/src/sched/sched.js';
import { flush } from './helpers.js';

describe('preemption', { timeout: 20_000 }, () => {
  it('a setTimeout and a setImmediate callback run while two goroutines ping-pong forever', async () => {
    const ping = chan<number>();
    const pong = chan<number>();
    let stop = false;
    let rounds = 0;
    go(async () => {
      while (!stop) {
        await ping.send(1);
        await pong.recv();
        rounds++;
      }
    });
    go(async () => {
      while (!stop) {
        await ping.recv();
        await pong.send(1);
      }
    });
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    await new Promise<void>((resolve) => setImmediate(resolve));
    stop = true;
    assert.ok(rounds > 0);
  });

  it('an uncontended mutex loop that never parks still yields to the event loop', async () => {
    const mu = new Mutex();
    let stop = false;
    go(async () => {
      while (!stop) {
        await mu.lock();
        mu.unlock();
      }
    });
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    stop = true;
    await flush();
  });

  it('two goroutines handing a mutex to each other forever (every lock parks) yield to timers', async () => {
    const mu = new Mutex();
    let stop = false;
    let handoffs = 0;
    for (let i = 0; i < 2; i++) {
      go(async () => {
        while (!stop) {
          await mu.lock();
          handoffs++;
          mu.unlock();
        }
      });
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    stop = true;
    assert.ok(handoffs > 0);
    await flush();
  });

  it('a buffered channel loop that never parks still yields to the event loop', async () => {
    const ch = chan<number>(1);
    let stop = false;
    go(async () => {
      while (!stop) {
        await ch.send(1);
        await ch.recv();
      }
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    stop = true;
    await flush();
  });
});

describe('goroutine records', () => {
  it('records id, name and state; the record leaves the registry when the goroutine ends', async () => {
    const gate = chan<void>();
    let self: GoroutineRecord | null = null;
    go.named('labelled', async () => {
      self = getCurrent();
      await gate.recv();
    });
    await flush();
    const g = self as GoroutineRecord | null;
    assert.ok(g !== null);
    assert.equal(g.name, 'labelled');
    assert.ok(g.id > 1);
    assert.equal(g.thread, 0);
    assert.equal(g.state, 'waiting');
    assert.equal(g.waitReason, 'chan receive');
    assert.equal(g.waitingOn, gate);
    assert.ok(g.waitSince > 0);
    assert.ok([...goroutines()].includes(g as never));
    gate.close();
    await flush();
    assert.ok(![...goroutines()].includes(g as never));
    assert.equal(g.waitReason, '');
  });

  it('names a goroutine after its function by default; goroutine 1 is the main program', async () => {
    const wg = new WaitGroup();
    let name = '';
    wg.add(1);
    go(function namedWorker() {
      name = getCurrent()!.name;
      wg.done();
    });
    await wg.wait();
    assert.equal(name, 'namedWorker');
    assert.equal(main.id, 1);
    assert.equal(main.parentId, 0);
    assert.equal([...goroutines()][0], main);
  });

  it('passes the arguments of go(f, ...args) and gives nested goroutines their parent id', async () => {
    const out = chan<[number, string, number]>(1);
    go(
      async (a: number, b: string) => {
        const parent = getCurrent()!.id;
        go(async () => {
          await out.send([a, b, getCurrent()!.parentId - parent]);
        });
      },
      1,
      'x',
    );
    assert.deepEqual(await out.recv(), [1, 'x', 0]);
  });

  it('parks with the wait reason Go prints for each kind of select', async () => {
    const reasons: string[] = [];
    const probe = (f: () => Promise<unknown>) =>
      go(async () => {
        const p = f();
        reasons.push(getCurrent()!.waitReason);
        await p;
      });
    probe(() => select());
    probe(() => select(recv(null)));
    probe(() => select(send(null, 1)));
    probe(() => select(recv(chan<number>()), recv(null)));
    await flush();
    assert.deepEqual(reasons, [
      'select (no cases)',
      'chan receive (nil chan)',
      'chan send (nil chan)',
      'select',
    ]);
  });

  it('counts parked goroutines for the deadlock detector', async () => {
    const before = parkedCount();
    const ch = chan<number>();
    go(async () => {
      await ch.recv();
    });
    await flush();
    assert.equal(parkedCount(), before + 1);
    await ch.send(1);
    await flush();
    assert.equal(parkedCount(), before);
  });
});

describe('instrumentation hooks', () => {
  it('reports created, parked, readied, exited, lock events and object creation', async () => {
    const events: string[] = [];
    const saved = { ...hooks };
    hooks.goroutineCreated = (g) => events.push(`created ${g.name}`);
    hooks.goroutineExited = (g) => events.push(`exited ${g.name}`);
    hooks.parked = (g, reason) => events.push(`parked ${g.name} ${reason}`);
    hooks.readied = (g) => events.push(`readied ${g.name}`);
    hooks.lockAcquiring = (_l, kind) => events.push(`acquiring ${kind}`);
    hooks.lockAcquired = (_l, kind) => events.push(`acquired ${kind}`);
    hooks.lockReleased = (_l, kind) => events.push(`released ${kind}`);
    hooks.objectCreated = (o) => events.push(`object ${o.constructor.name}`);
    try {
      const ch = chan<number>();
      const mu = new Mutex();
      go.named('hooked', async () => {
        await ch.recv();
        await mu.lock();
        mu.unlock();
      });
      await flush();
      await ch.send(1);
      await flush();
    } finally {
      Object.assign(hooks, saved);
    }
    assert.deepEqual(events, [
      'object Chan',
      'object Mutex',
      'created hooked',
      'parked hooked chan receive',
      'readied hooked',
      'acquiring mutex',
      'acquired mutex',
      'released mutex',
      'exited hooked',
    ]);
  });
});
