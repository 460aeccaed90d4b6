// Every check, in id order. `node scripts/new-check.mjs` adds the lines between the markers.
import type { Check, CheckMeta } from './check.js';
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from './suppression.js';
// checks:imports:start
import { check as GR1001 } from './GR1001-wg-done-not-reached/check.js';
import { check as GR1002 } from './GR1002-wg-add-in-goroutine/check.js';
import { check as GR1003 } from './GR1003-wg-wait-in-loop/check.js';
import { check as GR1004 } from './GR1004-wg-add-count-mismatch/check.js';
import { check as GR1005 } from './GR1005-wg-done-without-add/check.js';
// checks:imports:end

export const CHECKS: readonly Check[] = [
  // checks:list:start
  GR1001,
  GR1002,
  GR1003,
  GR1004,
  GR1005,
  // checks:list:end
];

/** [unused suppression, suppression without a reason]. */
export const SUPPRESSION_CHECKS: readonly [CheckMeta, CheckMeta] = [
  UNUSED_SUPPRESSION,
  SUPPRESSION_WITHOUT_REASON,
];
