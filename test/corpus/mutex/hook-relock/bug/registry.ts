// A plugin registry: register() adds a plugin under the registry's lock and runs the registration
// hooks before releasing it. A hook asks the registry for its names, which takes the same lock:
// the registering goroutine waits for itself (Go's mutexes, like these, are not reentrant).
import { Mutex } from 'goroutines';
import { runHooks } from './hooks.js';

const mu = new Mutex();
const plugins = new Map<string, () => void>();

export async function register(name: string, init: () => void): Promise<void> {
  await mu.lock();
  try {
    plugins.set(name, init);
    await runHooks(name); // want "runHooks\(\) takes mu \(line 21\) while this goroutine holds it since line 11"
  } finally {
    mu.unlock();
  }
}

export async function names(): Promise<string[]> {
  await mu.lock();
  try {
    return [...plugins.keys()];
  } finally {
    mu.unlock();
  }
}
