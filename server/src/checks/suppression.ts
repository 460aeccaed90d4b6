// The diagnostics about suppression comments themselves: listed with the checks so they have ids,
// docs and settings like any other.
import type { CheckMeta } from './check.js';

export const UNUSED_SUPPRESSION: CheckMeta = {
  id: 'GR0001',
  name: 'unused-suppression',
  title: 'A goroutines-ignore comment that suppresses nothing',
  severity: 'warning',
  doc: {
    why: 'A suppression left behind after the code was fixed hides the next real finding on that line.',
    wrong: `await mu.lock();
mu.unlock(); // goroutines-ignore GR3101: released by the caller`,
    right: `await mu.lock();
mu.unlock();`,
    whenNotToUse:
      'Disable it when suppressions are shared between configurations that enable different checks.',
  },
};

export const SUPPRESSION_WITHOUT_REASON: CheckMeta = {
  id: 'GR0002',
  name: 'suppression-without-reason',
  title: 'A goroutines-ignore comment without a reason',
  severity: 'warning',
  doc: {
    why: 'A suppression must say why the finding does not apply, so a reader can tell when it stops being true. A suppression without a reason suppresses nothing.',
    wrong: `ch.close(); // goroutines-ignore GR2101`,
    right: `ch.close(); // goroutines-ignore GR2101: the first close is on a path that returns`,
    whenNotToUse: 'Always use it.',
  },
};
