// The concurrency patterns behind the snippet files, written once for TypeScript and
// JavaScript. In a body, #{1:default} and #1 are snippet tab stops (${1:default}, $1), #{1|a,b|} is
// a choice, a literal $ needs no escaping, and «…» marks TypeScript-only text (types), dropped from
// the JavaScript variant. `program: true` marks a body that is a whole program: the snippet test runs
// it to completion. Regenerate the snippet files with `node snippets/generate.mjs`.

/** @type {Array<{ name: string, prefix: string, description: string, program: boolean, body: string }>} */
export const patterns = [
  {
    name: 'goroutine with WaitGroup',
    prefix: 'gogo',
    description: 'Start goroutines and wait for them all (sync.WaitGroup, done() in finally)',
    program: true,
    body: String.raw`
const wg = new WaitGroup();
for (let i = 0; i < #{1:3}; i++) {
  wg.add(1);
  go(async (id«: number») => {
    try {
      #{2:console.log('goroutine', id);}
    } finally {
      wg.done();
    }
  }, i);
}
await wg.wait();
#0`,
  },
  {
    name: 'WaitGroup.go loop',
    prefix: 'gowg',
    description: 'One goroutine per item with wg.go (add, go and done in one call)',
    program: true,
    body: String.raw`
const wg = new WaitGroup();
for (const #{1:item} of #{2:[1, 2, 3]}) {
  wg.go(async () => {
    #{3:console.log(#1);}
  });
}
await wg.wait();
#0`,
  },
  {
    name: 'named goroutine',
    prefix: 'gonamed',
    description: 'A goroutine with a label that dumps and the inspector show',
    program: true,
    body: String.raw`
const wg = new WaitGroup();
wg.add(1);
go.named('#{1:worker}', async () => {
  try {
    #{2:console.log('working');}
  } finally {
    wg.done();
  }
});
await wg.wait();
#0`,
  },
  {
    name: 'worker pool',
    prefix: 'gopool',
    description: 'A fixed number of workers draining a jobs channel; results closed after the last worker',
    program: true,
    body: String.raw`
const jobs = chan«<#{1:number}>»();
const results = chan«<#{2:number}>»();
go(async () => {
  try {
    for (const job of #{3:[1, 2, 3, 4, 5]}) await jobs.send(job);
  } finally {
    jobs.close();
  }
});
const workers = new WaitGroup();
for (let w = 0; w < #{4:4}; w++) {
  workers.go(async () => {
    for await (const job of jobs) {
      await results.send(#{5:job * 2});
    }
  });
}
go(async () => {
  await workers.wait();
  results.close();
});
for await (const result of results) {
  #{6:console.log(result);}
}
#0`,
  },
  {
    name: 'pipeline stage',
    prefix: 'gostage',
    description: 'A pipeline stage: reads a channel, sends results, closes its output, stops on cancel',
    program: false,
    body: String.raw`
function #{1:square}(ctx«: Context», input«: RecvChan<#{2:number}>»)«: RecvChan<#{3:number}>» {
  const out = chan«<#3>»();
  go(async () => {
    try {
      for await (const v of input) {
        let stopped = false;
        await select(
          send(out, #{4:v * v}, () => {}),
          recv(ctx.done(), () => {
            stopped = true;
          }),
        );
        if (stopped) return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}
#0`,
  },
  {
    name: 'generator',
    prefix: 'gogen',
    description: 'A function returning a receive-only channel filled by its own goroutine until cancelled',
    program: false,
    body: String.raw`
function #{1:count}(ctx«: Context»)«: RecvChan<number>» {
  const out = chan«<number>»();
  go(async () => {
    try {
      for (let n = 0; ; n++) {
        let stopped = false;
        await select(
          send(out, #{2:n}, () => {}),
          recv(ctx.done(), () => {
            stopped = true;
          }),
        );
        if (stopped) return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}
#0`,
  },
  {
    name: 'fan-out / fan-in',
    prefix: 'gofan',
    description: 'Several workers read one channel (fan-out); their results merge into one (fan-in)',
    program: true,
    body: String.raw`
const input = chan«<number>»();
go(async () => {
  try {
    for (const n of #{1:[1, 2, 3, 4, 5, 6]}) await input.send(n);
  } finally {
    input.close();
  }
});
const merged = chan«<number>»();
const workers = new WaitGroup();
for (let i = 0; i < #{2:3}; i++) {
  workers.go(async () => {
    for await (const n of input) await merged.send(#{3:n * n});
  });
}
go(async () => {
  await workers.wait();
  merged.close();
});
for await (const r of merged) {
  #{4:console.log(r);}
}
#0`,
  },
  {
    name: 'merge (fan-in function)',
    prefix: 'gomerge',
    description: 'Merge several channels into one, closed when all inputs are drained or on cancel',
    program: false,
    body: String.raw`
function #{1:merge}«<T>»(ctx«: Context», ...inputs«: RecvChan<T>[]»)«: RecvChan<T>» {
  const out = chan«<T>»();
  const wg = new WaitGroup();
  for (const input of inputs) {
    wg.go(async () => {
      for await (const v of input) {
        let stopped = false;
        await select(
          send(out, v, () => {}),
          recv(ctx.done(), () => {
            stopped = true;
          }),
        );
        if (stopped) return;
      }
    });
  }
  go(async () => {
    await wg.wait();
    out.close();
  });
  return out;
}
#0`,
  },
  {
    name: 'producer-consumer',
    prefix: 'goprodcons',
    description: 'A producer fills a buffered channel and closes it; a consumer ranges over it',
    program: true,
    body: String.raw`
const queue = chan«<#{1:string}>»(#{2:10});
const done = chan«<void>»();
go(async () => {
  try {
    for (let i = 0; i < #{3:5}; i++) await queue.send(#{4:'item ' + i});
  } finally {
    queue.close();
  }
});
go(async () => {
  try {
    for await (const item of queue) {
      #{5:console.log(item);}
    }
  } finally {
    done.close();
  }
});
await done.recv();
#0`,
  },
  {
    name: 'select with timeout',
    prefix: 'goselecttimeout',
    description:
      'Wait for a result or give up after a timeout; the result channel is buffered so the worker never leaks',
    program: true,
    body: String.raw`
const result = chan«<#{1:string}>»(1);
go(async () => {
  await result.send(#{2:'done'});
});
await select(
  recv(result, (v) => {
    #{3:console.log(v);}
  }),
  recv(after(#{4|500,100,1000,5000|}), () => {
    #{5:console.log('timeout');}
  }),
);
#0`,
  },
  {
    name: 'non-blocking select',
    prefix: 'goselectdefault',
    description: 'Receive if a value is ready, otherwise carry on (select with default)',
    program: true,
    body: String.raw`
const #{1:messages} = chan«<string>»(1);
await select(
  recv(#1, (msg, ok) => {
    #{2:console.log('received', msg, ok);}
  }),
  otherwise(() => {
    #{3:console.log('no message ready');}
  }),
);
#0`,
  },
  {
    name: 'non-blocking send',
    prefix: 'gotrysend',
    description: 'Send if a receiver or buffer space is ready, otherwise drop the value',
    program: true,
    body: String.raw`
const #{1:events} = chan«<string>»(#{2:1});
await select(
  send(#1, #{3:'event'}, () => {}),
  otherwise(() => {
    #{4:console.log('dropped: no receiver ready');}
  }),
);
#0`,
  },
  {
    name: 'select loop with context',
    prefix: 'goselectloop',
    description: 'Handle values from a channel until it is closed or the context is cancelled',
    program: false,
    body: String.raw`
async function #{1:handle}(ctx«: Context», #{2:events}«: RecvChan<#{3:string}>»)«: Promise<void>» {
  for (;;) {
    let stop = false;
    await select(
      recv(ctx.done(), () => {
        stop = true;
      }),
      recv(#2, (event, ok) => {
        if (!ok) {
          stop = true;
          return;
        }
        #{4:console.log(event);}
      }),
    );
    if (stop) return;
  }
}
#0`,
  },
  {
    name: 'context withCancel',
    prefix: 'gocancel',
    description: 'A cancellable context, cancelled in finally; a goroutine stops when it is done',
    program: true,
    body: String.raw`
const [ctx, cancel] = context.withCancel(context.#{1|background,todo|}());
const wg = new WaitGroup();
wg.go(async () => {
  await ctx.done().recv();
  #{2:console.log('stopped:', ctx.err());}
});
try {
  #{3:await sleep(10);}
} finally {
  cancel();
}
await wg.wait();
#0`,
  },
  {
    name: 'context withTimeout',
    prefix: 'gotimeout',
    description: 'Bound work with a deadline; cancel() in finally releases the timer',
    program: true,
    body: String.raw`
const [ctx, cancel] = context.withTimeout(context.background(), #{1|1000,100,5000|});
try {
  const result = chan«<#{2:string}>»(1);
  go(async () => {
    await result.send(#{3:'work done'});
  });
  await select(
    recv(result, (v) => {
      #{4:console.log(v);}
    }),
    recv(ctx.done(), () => {
      #{5:console.log('gave up:', ctx.err());}
    }),
  );
} finally {
  cancel();
}
#0`,
  },
  {
    name: 'errgroup with limit',
    prefix: 'goerrgroup',
    description:
      'Run tasks with at most N at a time; wait() rejects with the first error and cancels the rest',
    program: true,
    body: String.raw`
const [g, ctx] = errgroup.withContext(context.background());
g.setLimit(#{1:4});
for (const #{2:item} of #{3:[1, 2, 3, 4, 5]}) {
  await g.go(async () => {
    if (ctx.err() !== null) return;
    #{4:console.log(#2);}
  });
}
await g.wait();
#0`,
  },
  {
    name: 'semaphore-bounded loop',
    prefix: 'gosemaphore',
    description: 'Start one goroutine per item, with at most N running (weighted semaphore)',
    program: true,
    body: String.raw`
const sem = new Semaphore(#{1:3});
const wg = new WaitGroup();
for (const #{2:item} of #{3:[1, 2, 3, 4, 5]}) {
  await sem.acquire();
  wg.go(async () => {
    try {
      #{4:console.log(#2);}
    } finally {
      sem.release();
    }
  });
}
await wg.wait();
#0`,
  },
  {
    name: 'mutex-guarded class',
    prefix: 'gomutex',
    description: 'A class whose state is guarded by a Mutex (unlock in finally, or using)',
    program: false,
    body: String.raw`
class #{1:Counter} {
  «private readonly »mu = new Mutex();
  «private »#{2:count} = 0;

  async #{3:increment}()«: Promise<void>» {
    await this.mu.lock();
    try {
      this.#2++;
    } finally {
      this.mu.unlock();
    }
  }

  async value()«: Promise<number>» {
    await this.mu.lock();
    try {
      return this.#2;
    } finally {
      this.mu.unlock();
    }
  }
}
#0`,
  },
  {
    name: 'RWMutex cache',
    prefix: 'gorwcache',
    description: 'A cache with many readers and one writer at a time (sync.RWMutex)',
    program: false,
    body: String.raw`
class #{1:Cache}«<K, V>» {
  «private readonly »mu = new RWMutex();
  «private readonly »entries = new Map«<K, V>»();

  async get(key«: K»)«: Promise<V | undefined>» {
    await this.mu.rlock();
    try {
      return this.entries.get(key);
    } finally {
      this.mu.runlock();
    }
  }

  async set(key«: K», value«: V»)«: Promise<void>» {
    await this.mu.lock();
    try {
      this.entries.set(key, value);
    } finally {
      this.mu.unlock();
    }
  }
}
#0`,
  },
  {
    name: 'Once initialisation',
    prefix: 'goonce',
    description: 'Initialise something exactly once, however many goroutines ask (sync.Once)',
    program: true,
    body: String.raw`
const #{1:configOnce} = new Once();
let #{2:config}«: #{3:Record<string, string>} | undefined»;
async function #{4:getConfig}()«: Promise<#3>» {
  await #1.do(async () => {
    #2 = #{5:{ mode: 'production' }};
  });
  return #2«!»;
}
const loaders = new WaitGroup();
for (let i = 0; i < 3; i++) loaders.go(async () => void (await #4()));
await loaders.wait();
#0`,
  },
  {
    name: 'Cond queue',
    prefix: 'gocond',
    description: 'A queue whose take() waits on a condition variable until an item is put (sync.Cond)',
    program: false,
    body: String.raw`
class #{1:Queue}«<T>» {
  «private readonly »mu = new Mutex();
  «private readonly »nonEmpty = new Cond(this.mu);
  «private readonly »items«: T[]» = [];

  async put(item«: T»)«: Promise<void>» {
    await this.mu.lock();
    try {
      this.items.push(item);
      this.nonEmpty.signal();
    } finally {
      this.mu.unlock();
    }
  }

  async take()«: Promise<T>» {
    await this.mu.lock();
    try {
      while (this.items.length === 0) await this.nonEmpty.wait();
      return this.items.shift()«!»;
    } finally {
      this.mu.unlock();
    }
  }
}
#0`,
  },
  {
    name: 'ticker loop',
    prefix: 'goticker',
    description: 'Do something on every tick until the context is done; the ticker is stopped in finally',
    program: true,
    body: String.raw`
const [ctx, cancel] = context.withTimeout(context.background(), #{1:50});
const ticker = new Ticker(#{2:10});
try {
  for (;;) {
    let stop = false;
    await select(
      recv(ctx.done(), () => {
        stop = true;
      }),
      recv(ticker.c, (t) => {
        #{3:console.log('tick', t);}
      }),
    );
    if (stop) break;
  }
} finally {
  ticker.stop();
  cancel();
}
#0`,
  },
  {
    name: 'token-bucket rate limiter',
    prefix: 'goratelimit',
    description: 'Allow bursts of N then one call per interval: a buffered channel refilled by a ticker',
    program: false,
    body: String.raw`
class #{1:RateLimiter} {
  «private readonly »tokens«: Chan<void>»;
  «private readonly »ticker«: Ticker»;
  «private readonly »stopped = chan«<void>»();

  constructor(burst«: number», everyMs«: number») {
    this.tokens = chan«<void>»(burst);
    this.ticker = new Ticker(everyMs);
    go(async () => {
      // The bucket starts full; its capacity is the burst, so these sends never block.
      for (let i = 0; i < burst; i++) await this.tokens.send(undefined);
      for (;;) {
        let stop = false;
        await select(
          recv(this.stopped, () => {
            stop = true;
          }),
          recv(this.ticker.c, () => {}),
        );
        if (stop) return;
        await select(
          send(this.tokens, undefined, () => {}),
          otherwise(() => {}),
        );
      }
    });
  }

  /** Waits for a token; false when the context ends first. */
  async wait(ctx«: Context»)«: Promise<boolean>» {
    let ok = false;
    await select(
      recv(this.tokens, () => {
        ok = true;
      }),
      recv(ctx.done(), () => {}),
    );
    return ok;
  }

  stop()«: void» {
    this.ticker.stop();
    this.stopped.close();
  }
}
#0`,
  },
  {
    name: 'circuit breaker',
    prefix: 'gobreaker',
    description: 'Fail fast after N consecutive failures, try again after a cool-down (state under a Mutex)',
    program: false,
    body: String.raw`
class #{1:CircuitBreaker} {
  «private readonly »mu = new Mutex();
  «private readonly »maxFailures«: number»;
  «private readonly »coolDownMs«: number»;
  «private »failures = 0;
  «private »openedAt = 0;

  constructor(maxFailures = #{2:5}, coolDownMs = #{3:10000}) {
    this.maxFailures = maxFailures;
    this.coolDownMs = coolDownMs;
  }

  async call«<T>»(fn«: () => Promise<T>»)«: Promise<T>» {
    await this.mu.lock();
    try {
      if (this.failures >= this.maxFailures && Date.now() - this.openedAt < this.coolDownMs) {
        throw new Error('circuit open');
      }
    } finally {
      this.mu.unlock();
    }
    try {
      const result = await fn();
      await this.mu.lock();
      try {
        this.failures = 0;
      } finally {
        this.mu.unlock();
      }
      return result;
    } catch (err) {
      await this.mu.lock();
      try {
        this.failures++;
        if (this.failures >= this.maxFailures) this.openedAt = Date.now();
      } finally {
        this.mu.unlock();
      }
      throw err;
    }
  }
}
#0`,
  },
  {
    name: 'pub-sub broker',
    prefix: 'gobroker',
    description: 'Subscribers get their own buffered channel; publish never blocks on a slow subscriber',
    program: false,
    body: String.raw`
class #{1:Broker}«<T>» {
  «private readonly »mu = new Mutex();
  «private readonly »subscribers = new Set«<Chan<T>>»();

  async subscribe(buffer = #{2:16})«: Promise<RecvChan<T>>» {
    const ch = chan«<T>»(buffer);
    await this.mu.lock();
    try {
      this.subscribers.add(ch);
    } finally {
      this.mu.unlock();
    }
    return ch;
  }

  async unsubscribe(ch«: RecvChan<T>»)«: Promise<void>» {
    await this.mu.lock();
    try {
      for (const sub of this.subscribers) {
        if (sub === ch) {
          this.subscribers.delete(sub);
          sub.close();
        }
      }
    } finally {
      this.mu.unlock();
    }
  }

  async publish(msg«: T»)«: Promise<void>» {
    await this.mu.lock();
    try {
      for (const sub of this.subscribers) {
        // A full subscriber misses the message instead of stalling every publisher.
        await select(
          send(sub, msg, () => {}),
          otherwise(() => {}),
        );
      }
    } finally {
      this.mu.unlock();
    }
  }

  async close()«: Promise<void>» {
    await this.mu.lock();
    try {
      for (const sub of this.subscribers) sub.close();
      this.subscribers.clear();
    } finally {
      this.mu.unlock();
    }
  }
}
#0`,
  },
  {
    name: 'graceful shutdown',
    prefix: 'goshutdown',
    description: 'Cancel on SIGINT/SIGTERM, let workers finish, then exit',
    program: true,
    body: String.raw`
const [ctx, cancel] = context.withCancel(context.background());
const onSignal = () => cancel();
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
const workers = new WaitGroup();
try {
  for (let i = 0; i < #{1:2}; i++) {
    workers.go(async () => {
      while (ctx.err() === null) {
        #{2:await sleep(10);}
      }
    });
  }
  console.log('#{3:running; stop with Ctrl+C}');
  await workers.wait();
} finally {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  cancel();
}
#0`,
  },
  {
    name: 'tee',
    prefix: 'gotee',
    description: 'Copy every value of one channel to two outputs; both closed when the input is drained',
    program: false,
    body: String.raw`
function #{1:tee}«<T>»(ctx«: Context», input«: RecvChan<T>»)«: [RecvChan<T>, RecvChan<T>]» {
  const out1 = chan«<T>»();
  const out2 = chan«<T>»();
  go(async () => {
    try {
      for await (const v of input) {
        // Both outputs must take v before the next value; a nulled case never fires again.
        let a«: Chan<T> | null» = out1;
        let b«: Chan<T> | null» = out2;
        for (let i = 0; i < 2; i++) {
          let stopped = false;
          await select(
            send(a, v, () => {
              a = null;
            }),
            send(b, v, () => {
              b = null;
            }),
            recv(ctx.done(), () => {
              stopped = true;
            }),
          );
          if (stopped) return;
        }
      }
    } finally {
      out1.close();
      out2.close();
    }
  });
  return [out1, out2];
}
#0`,
  },
  {
    name: 'or-done',
    prefix: 'goordone',
    description: 'Range over a channel until it is closed or the context is cancelled',
    program: false,
    body: String.raw`
function #{1:orDone}«<T>»(ctx«: Context», input«: RecvChan<T>»)«: RecvChan<T>» {
  const out = chan«<T>»();
  go(async () => {
    try {
      for (;;) {
        let stopped = false;
        let value«: T | undefined»;
        await select(
          recv(ctx.done(), () => {
            stopped = true;
          }),
          recv(input, (v, ok) => {
            if (ok) value = v;
            else stopped = true;
          }),
        );
        if (stopped) return;
        await select(
          send(out, value« as T», () => {}),
          recv(ctx.done(), () => {
            stopped = true;
          }),
        );
        if (stopped) return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}
#0`,
  },
  {
    name: 'bridge',
    prefix: 'gobridge',
    description: 'Flatten a channel of channels into one channel, in order',
    program: false,
    body: String.raw`
function #{1:bridge}«<T>»(ctx«: Context», streams«: RecvChan<RecvChan<T>>»)«: RecvChan<T>» {
  const out = chan«<T>»();
  go(async () => {
    try {
      for await (const stream of streams) {
        for await (const v of stream) {
          let stopped = false;
          await select(
            send(out, v, () => {}),
            recv(ctx.done(), () => {
              stopped = true;
            }),
          );
          if (stopped) return;
        }
      }
    } finally {
      out.close();
    }
  });
  return out;
}
#0`,
  },
  {
    name: 'singleflight',
    prefix: 'gosingleflight',
    description: 'Concurrent callers with the same key share one call (singleflight.Group)',
    program: true,
    body: String.raw`
const #{1:group} = new SingleFlight();
async function #{2:load}(key«: string»)«: Promise<#{3:string}>» {
  return #1.do(key, async () => {
    #{4:await sleep(10);}
    return #{5:'value of ' + key};
  });
}
const callers = new WaitGroup();
for (let i = 0; i < 3; i++) callers.go(async () => void (await #2('#{6:user:1}')));
await callers.wait();
#0`,
  },
  {
    name: 'channel',
    prefix: 'gochan',
    description: 'Make a channel (unbuffered or buffered)',
    program: true,
    body: String.raw`const #{1:ch} = chan«<#{2:number}>»(#{3|0,1,16|});#0`,
  },
];
