// What a check is: metadata (stable id, kebab-case name, one-line title, severity, doc with WRONG and
// RIGHT examples) and a run() over one file's facts that reports findings with related locations
// and quick fixes.
import type { ts } from 'ts-morph';
import type { FileFacts, Flow, Workspace } from '../analysis/index.js';
import type { CheckMeta, Fix, Severity } from '../analysis/check-meta.js';

export type { CheckDoc, CheckMeta, Fix, Severity, TextEdit } from '../analysis/check-meta.js';

export interface Related {
  readonly fileName: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Finding {
  readonly checkId: string;
  readonly checkName: string;
  readonly severity: Severity;
  readonly fileName: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly related: readonly Related[];
  readonly fixes: readonly Fix[];
}

export interface Report {
  readonly node: ts.Node;
  readonly message: string;
  readonly related?: readonly { node: ts.Node; message: string }[];
  readonly fixes?: readonly Fix[];
}

export interface CheckContext {
  readonly file: FileFacts;
  readonly sf: ts.SourceFile;
  readonly ws: Workspace;
  readonly flow: Flow;
  readonly checker: ts.TypeChecker;
  report(r: Report): void;
}

export interface Check {
  readonly meta: CheckMeta;
  run(ctx: CheckContext): void;
}
