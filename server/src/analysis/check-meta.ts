// The shapes every check shares, whether it reads one file's facts (checks/) or the whole program
// (program.ts): its metadata and doc, and the text edits of its quick fixes.

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
