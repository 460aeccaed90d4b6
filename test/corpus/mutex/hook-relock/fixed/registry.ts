// A plugin registry: register() adds a plugin under the registry's lock and runs the registration
// hooks after releasing it, so a hook may ask the registry for its names.
import { Mutex } from 'goroutines';
import { runHooks } from './hooks.js';

const mu = new Mutex();
const plugins = new Map<string, () => void>();

export async function register(name: string, init: () => void): Promise<void> {
  await mu.lock();
  try {
    plugins.set(name, init);
  } finally {
    mu.unlock();
  }
  await runHooks(name);
}

export async function names(): Promise<string[]> {
  await mu.lock();
  try {
    return [...plugins.keys()];
  } finally {
    mu.unlock();
  }
}
