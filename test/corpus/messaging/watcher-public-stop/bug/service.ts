import { Watcher } from './watcher.js';

export class Service {
  private readonly watchers: Watcher[] = [];

  watch(path: string, stat: (path: string) => Promise<number>): Watcher {
    const w = new Watcher(path, stat);
    w.run();
    this.watchers.push(w);
    return w;
  }

  shutdown(): number {
    const n = this.watchers.length;
    this.watchers.length = 0;
    return n;
  }
}
