// Circuit breaker: after `threshold` consecutive failures the breaker opens and rejects calls
// without trying; after a cool-down one trial call is let through (half-open) and its outcome
// closes or re-opens the breaker. State is guarded by a Mutex that is never held across the call.
import { sleep, Mutex, WaitGroup } from 'goroutines';

type State = 'closed' | 'open' | 'half-open';

class OpenCircuitError extends Error {
  constructor() {
    super('circuit open');
  }
}

class CircuitBreaker {
  private readonly mu = new Mutex();
  private state: State = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly coolDownMs: number,
  ) {}

  async call<T>(fn: () => Promise<T>): Promise<T> {
    await this.before();
    try {
      const v = await fn();
      await this.after(true);
      return v;
    } catch (err) {
      await this.after(false);
      throw err;
    }
  }

  async currentState(): Promise<State> {
    using _ = await this.mu.lock();
    return this.state;
  }

  private async before(): Promise<void> {
    using _ = await this.mu.lock();
    if (this.state === 'open' && Date.now() - this.openedAt >= this.coolDownMs) this.state = 'half-open';
    if (this.state === 'open' || (this.state === 'half-open' && this.trialInFlight))
      throw new OpenCircuitError();
    if (this.state === 'half-open') this.trialInFlight = true;
  }

  private async after(ok: boolean): Promise<void> {
    using _ = await this.mu.lock();
    this.trialInFlight = false;
    if (ok) {
      this.state = 'closed';
      this.failures = 0;
      return;
    }
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.threshold) {
      this.state = 'open';
      this.openedAt = Date.now();
    }
  }
}

async function main(): Promise<void> {
  let attempts = 0;
  const flakyService = async (): Promise<string> => {
    attempts++;
    await sleep(1);
    if (attempts <= 3) throw new Error('service unavailable');
    return 'ok';
  };

  const breaker = new CircuitBreaker(2, 30);
  const attempt = async (label: string): Promise<void> => {
    try {
      const v = await breaker.call(flakyService);
      console.log(`${label}: ${v} (${await breaker.currentState()})`);
    } catch (err) {
      console.log(`${label}: ${(err as Error).message} (${await breaker.currentState()})`);
    }
  };

  await attempt('call 1');
  await attempt('call 2');
  await attempt('call 3');
  await sleep(40);
  await attempt('call 4');
  await attempt('call 5');
  await sleep(40);
  await attempt('call 6');

  let succeeded = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 5; i++) {
    wg.go(async () => {
      await breaker.call(flakyService);
      succeeded++;
    });
  }
  await wg.wait();
  console.log(`concurrent calls succeeded: ${succeeded}`);
  console.log(`service attempts: ${attempts}`);
}

await main();
