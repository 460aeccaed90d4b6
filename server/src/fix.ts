// Applying quick-fix edits to text, for the CLI's --fix and the fixture tests.
export { applyFixes } from './analysis/check-meta.js';
