// The shapes every check shares, whether it reads one file's facts (checks/) or the whole program
// (program.ts): its metadata and doc, the text edits of its quick fixes, and applying them.

export type Severity = 'error' | 'warning' | 'info';

export interface CheckDoc {
  /** What goes wrong at run time, in a few sentences. */
  readonly why: string;
  readonly wrong: string;
  readonly right: string;
  readonly whenNotToUse: string;
}

export interface CheckMeta {
  /** `GR` + four digits, grouped by area; never changes. */
  readonly id: string;
  /** kebab-case; usable wherever the id is (settings, suppressions). */
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly doc: CheckDoc;
}

export interface TextEdit {
  readonly fileName: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/**
 * Applies non-overlapping edits back to front; an edit that overlaps one already taken is skipped
 * (the next run offers it again).
 */
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
