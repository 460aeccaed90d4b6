// Applying quick-fix edits to text: non-overlapping edits, applied back to front; an edit that
// overlaps one already taken is skipped (the next run offers it again).
import type { TextEdit } from './checks/check.js';

export function applyFixes(text: string, edits: readonly Omit<TextEdit, 'fileName'>[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let floor = Infinity;
  for (const e of sorted) {
    if (e.end > floor) continue;
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    floor = e.start;
  }
  return out;
}
