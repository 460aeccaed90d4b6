// The analysis engine's public surface: what checks, the language server and the CLI import.
export {
  Workspace,
  findTsconfig,
  importsRuntime,
  tsconfigFileNames,
  type WorkspaceOptions,
} from './workspace.js';
export {
  computeFileFacts,
  calleeDeclaration,
  declKey,
  firstThrowing,
  isChanType,
  isFunctionLike,
  isLockType,
  ResourceResolver,
  type FileFacts,
  type FunctionFacts,
  type Op,
  type OpKind,
  type Resource,
  type SelectCase,
} from './facts.js';
export { buildCfg, findEscape, reachable, type Cfg, type CfgNode, type Escape } from './cfg.js';
export {
  Flow,
  isBlocking,
  LOCKS,
  CLOSED,
  type Acquisition,
  type Held,
  type StateSpec,
  type Summary,
} from './flow.js';
export {
  isRuntimeFile,
  isRuntimeSpecifier,
  mentionsRuntime,
  runtimeNameOf,
  runtimeSymbolName,
  skipParens,
  type RuntimeType,
} from './runtime-api.js';
