// Every check, in id order. `node scripts/new-check.mjs` adds the lines between the markers.
import type { Check, CheckMeta } from './check.js';
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from './suppression.js';
// checks:imports:start
import { check as GR1001 } from './GR1001-wg-done-not-reached/check.js';
import { check as GR1002 } from './GR1002-wg-add-in-goroutine/check.js';
import { check as GR1003 } from './GR1003-wg-wait-in-loop/check.js';
import { check as GR1004 } from './GR1004-wg-add-count-mismatch/check.js';
import { check as GR1005 } from './GR1005-wg-done-without-add/check.js';
import { check as GR2001 } from './GR2001-goroutine-leak-send/check.js';
import { check as GR2002 } from './GR2002-channel-never-closed/check.js';
import { check as GR2003 } from './GR2003-channel-cycle/check.js';
import { check as GR2101 } from './GR2101-double-close/check.js';
import { check as GR2102 } from './GR2102-send-after-close/check.js';
import { check as GR2103 } from './GR2103-close-by-receiver/check.js';
import { check as GR2104 } from './GR2104-empty-select/check.js';
import { check as GR2105 } from './GR2105-nil-channel/check.js';
import { check as GR3001 } from './GR3001-blocking-under-lock/check.js';
import { check as GR3002 } from './GR3002-lock-order-inversion/check.js';
import { check as GR3101 } from './GR3101-unlock-not-reached/check.js';
import { check as GR3102 } from './GR3102-lock-while-held/check.js';
import { check as GR3103 } from './GR3103-recursive-rlock/check.js';
import { check as GR3104 } from './GR3104-unlock-not-held/check.js';
import { check as GR4001 } from './GR4001-lost-cancel/check.js';
import { check as GR4002 } from './GR4002-goroutine-never-stops/check.js';
import { check as GR5001 } from './GR5001-after-in-loop/check.js';
import { check as GR6001 } from './GR6001-unawaited-operation/check.js';
// checks:imports:end

export const CHECKS: readonly Check[] = [
  // checks:list:start
  GR1001,
  GR1002,
  GR1003,
  GR1004,
  GR1005,
  GR2001,
  GR2002,
  GR2003,
  GR2101,
  GR2102,
  GR2103,
  GR2104,
  GR2105,
  GR3001,
  GR3002,
  GR3101,
  GR3102,
  GR3103,
  GR3104,
  GR4001,
  GR4002,
  GR5001,
  GR6001,
  // checks:list:end
];

/** [unused suppression, suppression without a reason]. */
export const SUPPRESSION_CHECKS: readonly [CheckMeta, CheckMeta] = [
  UNUSED_SUPPRESSION,
  SUPPRESSION_WITHOUT_REASON,
];
