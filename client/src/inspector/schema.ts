// The snapshot schema as the inspector sees it: the runtime's own schema file, imported as is, so the
// debuggee and the views agree on one definition (runtime/src/inspect/schema.ts).
export {
  SCHEMA_VERSION,
  validateSnapshot,
  type Snapshot,
  type SnapshotChannel,
  type SnapshotFrame,
  type SnapshotGoroutine,
  type SnapshotGoroutineGroup,
  type SnapshotGoroutineState,
  type SnapshotLock,
  type SnapshotProblem,
  type SnapshotSite,
  type ValidationResult,
} from '../../../runtime/src/inspect/schema.js';
