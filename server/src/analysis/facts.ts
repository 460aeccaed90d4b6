// Facts per function: every runtime operation (spawn, make, send, receive, range, close, select,
// lock/unlock, WaitGroup add/done/wait, context cancel, timers) and every call into the project's
// own functions, each with its receiver resource, whether its promise is awaited, the loops around
// it and its node in the function's control-flow graph.
import { ts as tsMorph } from 'ts-morph';
// a plain binding: in the bundle, every `ts.x` through the import is a chain of getter calls
import ts = tsMorph;
import { buildCfg, type Cfg, type CfgNode } from './cfg.js';
import {
  runtimeNameOf,
  runtimeTupleOfCreation,
  runtimeTypeOfCreation,
  runtimeTypeOfType,
  runtimeTypeOfTypeNode,
  skipParens,
  isRuntimeFile,
  type RuntimeType,
} from './runtime-api.js';

export type OpKind =
  | 'spawn' // go(f), go.named(n, f), wg.go(f), g.go(f), g.tryGo(f), afterFunc(ms, f)
  | 'make' // chan(n)
  | 'new' // new WaitGroup(), new Mutex(), new Timer(ms), ...
  | 'send'
  | 'recv'
  | 'recvOk'
  | 'range' // for await (const v of ch)
  | 'close'
  | 'select'
  | 'lock'
  | 'unlock'
  | 'rlock'
  | 'runlock'
  | 'tryLock'
  | 'tryRLock'
  | 'wgAdd'
  | 'wgDone'
  | 'wgWait'
  | 'groupWait'
  | 'setLimit'
  | 'withCancel' // context.withCancel/withTimeout/withDeadline: creates a cancel function
  | 'cancel' // calling a CancelFunc
  | 'ctxDone' // ctx.done()
  | 'ctxErr' // ctx.err()
  | 'sleep'
  | 'after'
  | 'tick'
  | 'timerStop'
  | 'timerReset'
  | 'condWait'
  | 'condSignal'
  | 'onceDo'
  | 'acquire'
  | 'release'
  | 'sfDo'
  | 'call'; // a call into a function of the project (see summaries.ts)

/** A runtime value the program names: a channel variable, a `this.mu` field, a parameter. */
export interface Resource {
  /** Identity: the declaration it resolves to (file:position), plus the base for property accesses. */
  readonly key: string;
  /** The user's spelling, for messages: "ch", "this.mu". */
  readonly text: string;
  readonly type: RuntimeType;
  /** The declaration (variable, parameter, property, or the creating call for temporaries). */
  readonly decl: ts.Node | undefined;
  /** For a parameter of the enclosing function: its index (summaries map it to the argument). */
  readonly paramIndex?: number;
}

export interface SelectCase {
  readonly kind: 'recv' | 'send' | 'otherwise';
  readonly call: ts.CallExpression;
  /** The channel; null for a literal `null` (a case that never fires); undefined when not recognised. */
  readonly channel: Resource | null | undefined;
  readonly callback: ts.Expression | undefined;
}

export interface Op {
  readonly kind: OpKind;
  /** The call (or `new`, or for-await statement) performing the operation. */
  readonly node: ts.CallExpression | ts.NewExpression | ts.ForOfStatement | ts.VariableDeclarationList;
  /** The runtime method or function name ('send', 'chan', 'go.named', 'context.withTimeout'). */
  readonly name: string;
  /** The receiver: the channel, lock, WaitGroup, group, context or cancel function. */
  readonly target: Resource | undefined;
  readonly args: readonly ts.Expression[];
  /** How the result is used: awaited (`await x`, `for await`), returned, dropped (expression statement / `void`), or kept as a value. */
  readonly use: 'await' | 'return' | 'dropped' | 'value';
  /** The function whose body performs it. */
  readonly fn: FunctionFacts;
  /** Loops around it inside its function, innermost first. */
  readonly loops: readonly ts.IterationStatement[];
  /** For 'spawn': the spawned function (a function expression, or the declaration a reference resolves to). */
  readonly spawned?: ts.FunctionLikeDeclaration;
  /** For 'make': the capacity when it is a literal (0 for `chan()`), undefined when not known. */
  readonly capacity?: number;
  /** For 'wgAdd': the delta when it is a literal. */
  readonly delta?: number;
  /** For 'select': its cases. */
  readonly cases?: readonly SelectCase[];
  /** For 'call' and 'spawn' of a named function: the callee's declaration (with a body). */
  readonly callee?: ts.FunctionLikeDeclaration;
  /** For 'withCancel': the resources the returned [ctx, cancel] are bound to. */
  readonly binds?: readonly (Resource | undefined)[];
  /** True for the unlock a `using` guard performs at the end of its block (node is the declaration list). */
  readonly implicit?: boolean;
  /** For 'lock'/'rlock': the lock is held by a `using` declaration. */
  readonly guarded?: boolean;
}

export interface FunctionFacts {
  /** A function-like declaration, or the source file for top-level code. */
  readonly node: ts.FunctionLikeDeclaration | ts.SourceFile;
  /** A readable name: "worker", "Cache.get", "goroutine at line 12", "<module>". */
  readonly name: string;
  readonly ops: Op[];
  /** The enclosing function (closures see their parent's resources). */
  readonly parent: FunctionFacts | undefined;
  /** The spawn operations that run this function as a goroutine (same file; see also Analysis.spawnsOf). */
  readonly spawnedBy: Op[];
  readonly isAsync: boolean;
  /** Built on first use. */
  readonly cfg: Cfg;
  /** The CFG node that evaluates an op (undefined only for ops outside any statement). */
  nodeOfOp(op: Op): CfgNode | undefined;
}

export interface FileFacts {
  readonly sourceFile: ts.SourceFile;
  /** Whether the file imports the runtime at all (when not, nothing else was computed). */
  readonly usesRuntime: boolean;
  readonly functions: FunctionFacts[];
  readonly ops: Op[];
  functionOf(node: ts.Node): FunctionFacts | undefined;
}

const FUNCTION_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

export function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return FUNCTION_KINDS.has(n.kind);
}

/** Every method name methodKind() knows, to skip receivers that cannot be runtime values. */
const RUNTIME_METHODS = new Set([
  ...['send', 'recv', 'recvOk', 'close', 'lock', 'unlock', 'rlock', 'runlock', 'tryLock', 'tryRLock'],
  ...['add', 'done', 'wait', 'go', 'tryGo', 'setLimit', 'err', 'stop', 'reset', 'signal', 'broadcast'],
  ...['do', 'acquire', 'release'],
]);

const CHAN_METHODS: Record<string, OpKind> = { send: 'send', recv: 'recv', recvOk: 'recvOk', close: 'close' };
const LOCK_METHODS: Record<string, OpKind> = {
  lock: 'lock',
  unlock: 'unlock',
  rlock: 'rlock',
  runlock: 'runlock',
  tryLock: 'tryLock',
  tryRLock: 'tryRLock',
};

/**
 * Facts of an earlier version of a file that carry over to its current tree: the file changed only
 * inside function bodies that nothing else can see into (Workspace decides), so a function whose
 * syntax tree the incremental parser reused resolves every name and type as before. `position`
 * maps an offset of the earlier text to the current one (undefined inside a changed region).
 */
export interface FactsReuse {
  readonly previous: FileFacts;
  /** Whether a node of the current tree lies in a changed function body (where names may mean something else now). */
  changed(n: ts.Node): boolean;
  position(pos: number): number | undefined;
}

/**
 * Computes the facts of one source file. `checker` must belong to the program holding `sf`. With
 * `reuse`, functions whose nodes the current tree shares with the previous facts' tree take their
 * ops from there (with fresh control-flow graphs, built by this checker on demand).
 */
export function computeFileFacts(
  checker: ts.TypeChecker,
  sf: ts.SourceFile,
  importsRuntime: boolean,
  reuse?: FactsReuse,
): FileFacts {
  const functions: FunctionFacts[] = [];
  const ops: Op[] = [];
  const byNode = new Map<ts.Node, FunctionFacts>();
  const facts: FileFacts = {
    sourceFile: sf,
    usesRuntime: importsRuntime,
    functions,
    ops,
    functionOf(node) {
      for (let n: ts.Node | undefined = node; n; n = n.parent) {
        const f = byNode.get(n);
        if (f) return f;
      }
      return undefined;
    },
  };
  if (!importsRuntime) return facts;
  const resolver = new ResourceResolver(checker);

  const newFn = (
    node: ts.FunctionLikeDeclaration | ts.SourceFile,
    parent: FunctionFacts | undefined,
  ): FunctionFacts => {
    let cfg: Cfg | undefined;
    const f: FunctionFacts = {
      node,
      name: functionName(node),
      ops: [],
      parent,
      spawnedBy: [],
      isAsync:
        !ts.isSourceFile(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
      get cfg() {
        cfg ??= buildCfg(node, (n) => firstThrowing(checker, n));
        return cfg;
      },
      nodeOfOp(op) {
        if (op.implicit) return this.cfg.nodes.find((c) => c.kind === 'dispose' && c.ast === op.node);
        return this.cfg.nodeOf(op.node);
      },
    };
    functions.push(f);
    byNode.set(node, f);
    return f;
  };

  const add = (op: Op) => {
    op.fn.ops.push(op);
    ops.push(op);
  };

  const carried = reuse && carryOver(reuse, sf);

  const visit = (n: ts.Node, fn: FunctionFacts, loops: ts.IterationStatement[]) => {
    if (isFunctionLike(n)) {
      const old = carried?.(n);
      if (old) {
        // the function's subtree is the previous tree's: its facts with the new parents and positions
        const clones = new Map<FunctionFacts, FunctionFacts>();
        for (const f of old.functions)
          clones.set(f, newFn(f.node, f === old.functions[0] ? fn : clones.get(f.parent!)));
        for (const op of old.ops) add({ ...op, ...old.moved(op), fn: clones.get(op.fn)! });
        return;
      }
      const inner = newFn(n, fn);
      n.forEachChild((c) => visit(c, inner, []));
      return;
    }
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const op = recognise(checker, resolver, n, fn, loops);
      if (op)
        add((op.kind === 'lock' || op.kind === 'rlock') && heldByUsing(n) ? { ...op, guarded: true } : op);
    } else if (ts.isForOfStatement(n) && n.awaitModifier) {
      const target = resolver.resourceOf(n.expression, fn);
      if (target && isChanType(target.type))
        add({ kind: 'range', node: n, name: 'range', target, args: [], use: 'await', fn, loops: [...loops] });
    } else if (ts.isVariableStatement(n) && n.declarationList.flags & ts.NodeFlags.Using) {
      // `using _ = await mu.lock()`: the guard unlocks at the end of the block
      for (const d of n.declarationList.declarations) {
        const init = d.initializer && skipParens(d.initializer);
        const call = init && ts.isAwaitExpression(init) ? skipParens(init.expression) : init;
        if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression)) {
          const m = call.expression.name.text;
          if (m !== 'lock' && m !== 'rlock') continue;
          const target = resolver.resourceOf(call.expression.expression, fn);
          if (!target || !isLockType(target.type)) continue;
          add({
            kind: m === 'lock' ? 'unlock' : 'runlock',
            node: n.declarationList,
            name: m === 'lock' ? 'unlock' : 'runlock',
            target,
            args: [],
            use: 'dropped',
            fn,
            loops: [...loops],
            implicit: true,
          });
        }
      }
    }
    const isLoop = ts.isIterationStatement(n, false);
    n.forEachChild((c) => {
      // the loop header's own evaluation is not "inside" the loop; its body is
      const inBody = isLoop && c === (n as ts.IterationStatement).statement;
      visit(c, fn, inBody ? [n as ts.IterationStatement, ...loops] : loops);
    });
  };

  const top = newFn(sf, undefined);
  sf.forEachChild((c) => visit(c, top, []));
  // op order matters to checks (earlier first); visit already yields source order within a function
  for (const op of ops) {
    if (op.kind !== 'spawn' || !op.spawned) continue;
    const target = byNode.get(op.spawned);
    if (target) target.spawnedBy.push(op);
  }
  return facts;
}

/** A reused function of the previous facts: its functions (itself first) and ops, and how an op's references move. */
interface Carried {
  readonly functions: readonly FunctionFacts[];
  readonly ops: readonly Op[];
  moved(op: Op): Pick<Op, 'target' | 'cases' | 'binds'>;
}

/**
 * Which functions of the previous facts carry over to the current tree `sf`: a function node the
 * current tree shares (the incremental parser reused it, and all of it) whose ops refer only to
 * nodes of the current tree or of other files, with resource keys moved to the current positions.
 */
function carryOver(reuse: FactsReuse, sf: ts.SourceFile): (n: ts.Node) => Carried | undefined {
  const previous = reuse.previous;
  const index = new Map<ts.Node, number>();
  previous.functions.forEach((f, i) => index.set(f.node, i));
  // each function's ops are a run of previous.ops (a visit adds a function's subtree at once)
  const opRange = new Map<FunctionFacts, [number, number]>();
  previous.ops.forEach((op, k) => {
    const r = opRange.get(op.fn);
    if (r) r[1] = k + 1;
    else opRange.set(op.fn, [k, k + 1]);
  });
  const file = sf.fileName;
  const liveNodes = new Map<ts.Node, boolean>();
  const live = (n: ts.Node | undefined): boolean => {
    if (!n) return true;
    let known = liveNodes.get(n);
    if (known === undefined) {
      let r = n;
      while (r.parent) r = r.parent;
      known = r === sf || (ts.isSourceFile(r) && r.fileName !== file);
      liveNodes.set(n, known);
    }
    return known;
  };
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const keyRe = new RegExp(`${escaped}:(\\d+)`, 'g');
  const movedKeys = new Map<string, string | undefined>();
  const moveKey = (key: string): string | undefined => {
    if (movedKeys.has(key)) return movedKeys.get(key);
    let ok = true;
    const k = key.replace(keyRe, (_, pos: string) => {
      const p = reuse.position(Number(pos));
      if (p === undefined) ok = false;
      return `${file}:${p}`;
    });
    movedKeys.set(key, ok ? k : undefined);
    return ok ? k : undefined;
  };
  const moveResource = (r: Resource | undefined): Resource | undefined | false => {
    if (!r) return r;
    if (!live(r.decl)) return false;
    const key = moveKey(r.key);
    return key === undefined ? false : key === r.key ? r : { ...r, key };
  };
  return (n) => {
    const i = index.get(n);
    if (i === undefined || reuse.changed(n)) return undefined;
    const functions = [previous.functions[i]!];
    const inside = new Set(functions);
    for (let j = i + 1; j < previous.functions.length; j++) {
      const f = previous.functions[j]!;
      if (!f.parent || !inside.has(f.parent)) break;
      functions.push(f);
      inside.add(f);
    }
    // in source order, as a visit would add them
    let from = Infinity;
    let to = -Infinity;
    for (const f of functions) {
      const r = opRange.get(f);
      if (r) [from, to] = [Math.min(from, r[0]), Math.max(to, r[1])];
    }
    const ops = from < to ? previous.ops.slice(from, to) : [];
    const moves = new Map<Op, Pick<Op, 'target' | 'cases' | 'binds'>>();
    for (const op of ops) {
      if (!live(op.callee) || !live(op.spawned)) return undefined;
      const target = moveResource(op.target);
      if (target === false) return undefined;
      let cases = op.cases;
      if (cases) {
        const moved: SelectCase[] = [];
        for (const c of cases) {
          const channel = c.channel ? moveResource(c.channel) : c.channel;
          if (channel === false) return undefined;
          moved.push(channel === c.channel ? c : { ...c, channel });
        }
        cases = moved;
      }
      let binds = op.binds;
      if (binds) {
        const moved: (Resource | undefined)[] = [];
        for (const b of binds) {
          const r = moveResource(b);
          if (r === false) return undefined;
          moved.push(r);
        }
        binds = moved;
      }
      moves.set(op, { target, ...(cases ? { cases } : {}), ...(binds ? { binds } : {}) });
    }
    return { functions, ops, moved: (op) => moves.get(op)! };
  };
}

export function isChanType(t: RuntimeType): boolean {
  return t === 'Chan' || t === 'SendChan' || t === 'RecvChan';
}

export function isLockType(t: RuntimeType): boolean {
  return t === 'Mutex' || t === 'RWMutex' || t === 'Locker';
}

function heldByUsing(call: ts.Node): boolean {
  let n = call;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent))) n = n.parent;
  const d = n.parent;
  return (
    !!d && ts.isVariableDeclaration(d) && d.initializer === n && (d.parent.flags & ts.NodeFlags.Using) !== 0
  );
}

function useOf(call: ts.Node): Op['use'] {
  let n = call;
  while (
    n.parent &&
    (ts.isParenthesizedExpression(n.parent) ||
      ts.isAsExpression(n.parent) ||
      ts.isNonNullExpression(n.parent))
  )
    n = n.parent;
  const p = n.parent;
  if (!p) return 'value';
  if (ts.isAwaitExpression(p)) return 'await';
  if (ts.isExpressionStatement(p)) return 'dropped';
  if (ts.isVoidExpression(p)) return 'dropped';
  if (ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === n)) return 'return';
  return 'value';
}

function literalNumber(e: ts.Expression | undefined): number | undefined {
  if (!e) return undefined;
  e = skipParens(e);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (
    ts.isPrefixUnaryExpression(e) &&
    e.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(e.operand)
  )
    return -Number(e.operand.text);
  return undefined;
}

function recognise(
  checker: ts.TypeChecker,
  resolver: ResourceResolver,
  call: ts.CallExpression | ts.NewExpression,
  fn: FunctionFacts,
  loops: ts.IterationStatement[],
): Op | undefined {
  const callee = skipParens(call.expression);
  const args = call.arguments ?? [];
  const base = { node: call, args, use: useOf(call), fn, loops: [...loops] };
  const rname = runtimeNameOf(checker, callee);
  if (ts.isNewExpression(call)) {
    if (!rname) return undefined;
    const type = runtimeTypeOfCreation(rname, true);
    return type
      ? { ...base, kind: 'new', name: rname, target: resolver.bindingOf(call, type, fn) }
      : undefined;
  }
  if (rname) {
    switch (rname) {
      case 'go':
        return spawnOp(checker, { ...base, name: rname, target: undefined }, args[0]);
      case 'go.named':
        return spawnOp(checker, { ...base, name: rname, target: undefined }, args[1]);
      case 'afterFunc':
        return spawnOp(
          checker,
          { ...base, name: rname, target: resolver.bindingOf(call, 'Timer', fn) },
          args[1],
        );
      case 'goParallel':
        return spawnOp(checker, { ...base, name: rname, target: undefined }, args[0]);
      case 'chan':
      case 'sharedChan':
        return {
          ...base,
          kind: 'make',
          name: rname,
          target: resolver.bindingOf(call, 'Chan', fn),
          capacity: args.length === 0 ? 0 : literalNumber(args[0]),
        };
      case 'select':
        return {
          ...base,
          kind: 'select',
          name: rname,
          target: undefined,
          cases: args.map((a) => selectCase(checker, resolver, a, fn)).filter((c): c is SelectCase => !!c),
        };
      case 'sleep':
        return { ...base, kind: 'sleep', name: rname, target: undefined };
      case 'after':
        return { ...base, kind: 'after', name: rname, target: undefined };
      case 'tick':
        return { ...base, kind: 'tick', name: rname, target: undefined };
    }
    if (rname.startsWith('go.'))
      return spawnOp(checker, { ...base, name: rname, target: undefined }, firstFunctionArg(args));
    const tuple = runtimeTupleOfCreation(rname);
    if (tuple && rname.startsWith('context.with'))
      return {
        ...base,
        kind: 'withCancel',
        name: rname,
        target: undefined,
        binds: resolver.tupleBindings(call, tuple, fn),
      };
    return undefined;
  }
  // a call of a cancel function value: `cancel()`
  if (ts.isIdentifier(callee)) {
    const r = resolver.resourceOf(callee, fn);
    if (r?.type === 'CancelFunc') return { ...base, kind: 'cancel', name: 'cancel', target: r };
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const m = callee.name.text;
    // only a runtime method name can make a runtime op: skip typing the receiver of `this.data.get()`
    const target = RUNTIME_METHODS.has(m) ? resolver.resourceOf(callee.expression, fn) : undefined;
    if (target) {
      const kind = methodKind(target.type, m);
      if (kind === 'spawn') return spawnOp(checker, { ...base, name: m, target }, args[0]);
      if (kind === 'wgAdd') return { ...base, kind, name: m, target, delta: literalNumber(args[0]) };
      if (kind) return { ...base, kind, name: m, target };
      return undefined;
    }
  }
  const decl = calleeDeclaration(checker, callee);
  if (decl)
    return {
      ...base,
      kind: 'call',
      name: decl.name?.getText() ?? 'function',
      target: undefined,
      callee: decl,
    };
  return undefined;
}

function methodKind(type: RuntimeType, m: string): OpKind | undefined {
  switch (type) {
    case 'Chan':
    case 'SendChan':
    case 'RecvChan':
      return CHAN_METHODS[m];
    case 'Mutex':
    case 'RWMutex':
    case 'Locker':
      return LOCK_METHODS[m];
    case 'WaitGroup':
      return m === 'add'
        ? 'wgAdd'
        : m === 'done'
          ? 'wgDone'
          : m === 'wait'
            ? 'wgWait'
            : m === 'go'
              ? 'spawn'
              : undefined;
    case 'Group':
      return m === 'go' || m === 'tryGo'
        ? 'spawn'
        : m === 'wait'
          ? 'groupWait'
          : m === 'setLimit'
            ? 'setLimit'
            : undefined;
    case 'Context':
      return m === 'done' ? 'ctxDone' : m === 'err' ? 'ctxErr' : undefined;
    case 'Timer':
    case 'Ticker':
      return m === 'stop' ? 'timerStop' : m === 'reset' ? 'timerReset' : undefined;
    case 'Cond':
      return m === 'wait' ? 'condWait' : m === 'signal' || m === 'broadcast' ? 'condSignal' : undefined;
    case 'Once':
      return m === 'do' ? 'onceDo' : undefined;
    case 'Semaphore':
      return m === 'acquire' ? 'acquire' : m === 'release' ? 'release' : undefined;
    case 'SingleFlight':
      return m === 'do' ? 'sfDo' : undefined;
  }
  return undefined;
}

function firstFunctionArg(args: readonly ts.Expression[]): ts.Expression | undefined {
  return (
    args.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || ts.isIdentifier(a)) ?? args[0]
  );
}

function spawnOp(
  checker: ts.TypeChecker,
  base: Omit<Op, 'kind' | 'spawned' | 'callee'>,
  fnArg: ts.Expression | undefined,
): Op {
  let spawned: ts.FunctionLikeDeclaration | undefined;
  if (fnArg) {
    const e = skipParens(fnArg);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) spawned = e;
    else spawned = calleeDeclaration(checker, e);
  }
  return { ...base, kind: 'spawn', spawned, callee: spawned };
}

function selectCase(
  checker: ts.TypeChecker,
  resolver: ResourceResolver,
  arg: ts.Expression,
  fn: FunctionFacts,
): SelectCase | undefined {
  const e = skipParens(arg);
  if (!ts.isCallExpression(e)) return undefined;
  const name = runtimeNameOf(checker, e.expression);
  if (name !== 'recv' && name !== 'send' && name !== 'otherwise') return undefined;
  if (name === 'otherwise')
    return { kind: 'otherwise', call: e, channel: undefined, callback: e.arguments[0] };
  const chArg = e.arguments[0];
  const ch =
    chArg && skipParens(chArg).kind === ts.SyntaxKind.NullKeyword
      ? null
      : chArg
        ? resolver.resourceOf(chArg, fn)
        : undefined;
  return { kind: name, call: e, channel: ch, callback: e.arguments[name === 'send' ? 2 : 1] };
}

/** The declaration (with a body) a callee expression resolves to, when it is the project's own code. */
export function calleeDeclaration(
  checker: ts.TypeChecker,
  callee: ts.Expression,
): ts.FunctionLikeDeclaration | undefined {
  let sym: ts.Symbol | undefined;
  try {
    sym = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  } catch {
    return undefined;
  }
  const d = sym?.valueDeclaration ?? sym?.declarations?.[0];
  if (!d) return undefined;
  const sf = d.getSourceFile();
  if (sf.isDeclarationFile || isRuntimeFile(sf.fileName) || /[\\/]node_modules[\\/]/.test(sf.fileName))
    return undefined;
  if (isFunctionLike(d) && d.body) return d;
  if (ts.isVariableDeclaration(d) && d.initializer) {
    const init = skipParens(d.initializer);
    if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && init.body) return init;
  }
  if (ts.isPropertyDeclaration(d) && d.initializer) {
    const init = skipParens(d.initializer);
    if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && init.body) return init;
  }
  return undefined;
}

const LIB_SAFE = /[\\/]node_modules[\\/](typescript|@types)[\\/]|lib\.[\w.]*\.d\.ts$/;

/**
 * The first sub-expression of a statement that may throw: an explicit `throw`, an `await` of
 * something other than a runtime operation that cannot fail, or a call into the project's own code
 * or a third-party package. Calls of the standard library and the runtime's non-blocking methods are
 * taken not to throw, so `mu.lock(); counter++; console.log(x); mu.unlock()` is one path.
 */
export function firstThrowing(checker: ts.TypeChecker, stmt: ts.Node, depth = 0): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isThrowStatement(n)) {
      found = n;
      return;
    }
    n.forEachChild(visit);
    if (found) return;
    if (ts.isAwaitExpression(n)) {
      const inner = skipParens(n.expression);
      if (!ts.isCallExpression(inner) || callMayThrow(checker, inner, true, depth)) found = n;
    } else if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && callMayThrow(checker, n, false, depth))
      found = n;
  };
  if (ts.isForOfStatement(stmt)) visit(stmt.expression);
  else visit(stmt);
  return found;
}

// Runtime methods that reject or throw only on misuse the checks report on their own.
const RUNTIME_NON_THROWING = new Set([
  'lock',
  'unlock',
  'rlock',
  'runlock',
  'tryLock',
  'tryRLock',
  'recv',
  'recvOk',
  'done',
  'add',
  'chan',
  'go',
  'sleep',
  'after',
  'tick',
  'err',
  'signal',
  'broadcast',
  'stop',
  'reset',
  'release',
  'setLimit',
  'background',
  'todo',
  'withCancel',
  'withTimeout',
  'withDeadline',
  'withValue',
  'named',
]);

function callMayThrow(
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.NewExpression,
  awaited: boolean,
  depth: number,
): boolean {
  const callee = skipParens(call.expression);
  let resolved = calleeResolutions.get(call);
  if (!resolved || (resolved.decl && replacedFiles.has(resolved.decl.getSourceFile()))) {
    let sym: ts.Symbol | undefined;
    try {
      sym = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
      if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    } catch {
      return true;
    }
    resolved = {
      decl: sym?.declarations?.[0],
      owner: (sym as (ts.Symbol & { parent?: ts.Symbol }) | undefined)?.parent?.name,
    };
    calleeResolutions.set(call, resolved);
  }
  const name = ts.isPropertyAccessExpression(callee)
    ? callee.name.text
    : ts.isIdentifier(callee)
      ? callee.text
      : '';
  const decl = resolved.decl;
  if (!decl) {
    // unresolved: a runtime method whose declaration is not there yet, or an unknown function
    if (RUNTIME_NON_THROWING.has(name)) return false;
    return awaited || !ts.isPropertyAccessExpression(callee) || !isProbablyLibReceiver(callee);
  }
  const file = decl.getSourceFile().fileName;
  if (isRuntimeFile(file)) return runtimeCallThrows(name, resolved.owner);
  // the project's own function: it throws when its body can (a getter does not; I/O does)
  const body = bodyOf(decl);
  if (body && !decl.getSourceFile().isDeclarationFile && depth < 4)
    return bodyMayThrow(checker, body, depth + 1);
  if (LIB_SAFE.test(file)) return awaited && !RUNTIME_NON_THROWING.has(name);
  return true;
}

/**
 * Runtime calls that fail in correct programs: errgroup's wait() (the first error), once.do() and
 * singleflight's do() (the function's error), a semaphore acquire() with a context. Panics on
 * misuse (send on a closed channel, unlock of an unlocked mutex) are left to the checks for them.
 */
function runtimeCallThrows(name: string, owner: string | undefined): boolean {
  if (name === 'do' || name === 'acquire') return true;
  return name === 'wait' && owner === 'Group';
}

/**
 * The declaration a call's callee resolves to (and the name of its owner, for runtime methods), kept
 * across program versions: the symbol lookups are most of the may-throw analysis. An edit confined
 * to a function body that nothing else sees into (see Workspace) changes what no name outside that
 * body means, so these stay true through it, except for a declaration in a file's replaced tree
 * (checked on use); any other change of the program forgets them all (forgetResolutions).
 */
let calleeResolutions = new WeakMap<
  ts.Node,
  { decl: ts.Declaration | undefined; owner: string | undefined }
>();
/** Syntax trees replaced by a newer version of their file. */
const replacedFiles = new WeakSet<ts.SourceFile>();

/**
 * A file's tree was replaced by an edit that changes no meaning outside one function body: inside
 * that body (its nodes may be reused ones), names may now resolve elsewhere.
 */
export function replacedByLocalEdit(old: ts.SourceFile, body: ts.Node): void {
  replacedFiles.add(old);
  const forget = (n: ts.Node): void => {
    calleeResolutions.delete(n);
    if (isFunctionLike(n)) changedFunctions.add(n);
    n.forEachChild(forget);
  };
  forget(body);
}

/** Functions (of the current trees) inside a body an edit changed: names in them may mean something else now. */
const changedFunctions = new WeakSet<ts.Node>();
let epoch = 0;

/** The program changed in a way that may change what names mean. */
export function forgetResolutions(): void {
  calleeResolutions = new WeakMap();
  epoch++;
}

/**
 * Answers derived from the syntax and name resolution inside some functions (and nothing else)
 * hold from one program version to the next while resolutionEpoch() stays the same and each of
 * those functions is unchanged(): still in its file's current tree, not inside an edited body.
 */
export function resolutionEpoch(): number {
  return epoch;
}

export function unchanged(fn: ts.Node): boolean {
  return !changedFunctions.has(fn) && !replacedFiles.has(fn.getSourceFile());
}

// Per checker (one program state): whether a body may throw depends on the bodies it calls, which
// may be in a file edited since.
const throwCaches = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, boolean>>();

function bodyMayThrow(checker: ts.TypeChecker, body: ts.Node, depth: number): boolean {
  let throwCache = throwCaches.get(checker);
  if (!throwCache) throwCaches.set(checker, (throwCache = new WeakMap()));
  const cached = throwCache.get(body);
  if (cached !== undefined) return cached;
  throwCache.set(body, false); // recursion: assume not, the other calls decide
  const r = !!firstThrowing(checker, body, depth);
  throwCache.set(body, r);
  return r;
}

function bodyOf(decl: ts.Declaration): ts.Node | undefined {
  if (isFunctionLike(decl)) return decl.body;
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) {
    const init = skipParens(decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init.body;
  }
  return undefined;
}

function isProbablyLibReceiver(callee: ts.PropertyAccessExpression): boolean {
  const base = skipParens(callee.expression);
  return (
    ts.isIdentifier(base) && /^(console|Math|JSON|Object|Array|Number|String|Date|Promise)$/.test(base.text)
  );
}

function functionName(node: ts.FunctionLikeDeclaration | ts.SourceFile): string {
  if (ts.isSourceFile(node)) return '<module>';
  if (node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) {
    const cls =
      node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return `${cls}${node.name.text}`;
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  const line = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
  return `function at line ${line}`;
}

/** Resolves expressions to runtime resources, with a cache per declaration. */
export class ResourceResolver {
  private readonly typeCache = new Map<ts.Node, RuntimeType | null>();
  constructor(private readonly checker: ts.TypeChecker) {}

  /** The resource an expression denotes (`ch`, `this.mu`, `ctx.done()`, `after(10)`), or undefined. */
  resourceOf(expr: ts.Expression, fn?: FunctionFacts): Resource | undefined {
    const e = skipParens(expr);
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const sym = this.symbolOf(e);
      const decl = sym?.valueDeclaration ?? sym?.declarations?.[0];
      let type = decl ? this.typeOfDecl(decl) : undefined;
      if (!type) type = this.typeOfExpr(e);
      if (!type) return undefined;
      const base = ts.isPropertyAccessExpression(e) ? normaliseBase(e.expression) + '.' : '';
      const key = decl ? `${base}${declKey(decl)}` : `expr:${e.getText()}`;
      const paramIndex =
        decl && ts.isParameter(decl) && fn && decl.parent === fn.node
          ? decl.parent.parameters.indexOf(decl)
          : undefined;
      return { key, text: e.getText(), type, decl, ...(paramIndex !== undefined ? { paramIndex } : {}) };
    }
    if (ts.isCallExpression(e)) {
      const rname = runtimeNameOf(this.checker, e.expression);
      if (rname === 'after' || rname === 'tick')
        return { key: declKey(e), text: e.getText(), type: 'RecvChan', decl: e };
      if (rname === 'chan') return { key: declKey(e), text: e.getText(), type: 'Chan', decl: e };
      const callee = skipParens(e.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'done') {
        const ctx = this.resourceOf(callee.expression, fn);
        if (ctx?.type === 'Context')
          return { key: `${ctx.key}.done`, text: e.getText(), type: 'RecvChan', decl: ctx.decl };
      }
      const t = this.typeOfExpr(e);
      if (t) return { key: declKey(e), text: e.getText(), type: t, decl: e };
    }
    return undefined;
  }

  /** The resource a creating expression is stored into (`const ch = chan()`, `this.mu = new Mutex()`). */
  bindingOf(creation: ts.Expression, type: RuntimeType, fn?: FunctionFacts): Resource | undefined {
    let n: ts.Node = creation;
    while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))) n = n.parent;
    const p = n.parent;
    if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name))
      return { key: declKey(p), text: p.name.text, type, decl: p };
    if (p && ts.isPropertyDeclaration(p) && p.name && ts.isIdentifier(p.name))
      return { key: `this.${declKey(p)}`, text: `this.${p.name.text}`, type, decl: p };
    if (p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === n)
      return (
        this.resourceOf(p.left, fn) ?? {
          key: declKey(creation),
          text: p.left.getText(),
          type,
          decl: creation,
        }
      );
    return { key: declKey(creation), text: creation.getText(), type, decl: creation };
  }

  /** The resources `const [a, b] = factory()` binds. */
  tupleBindings(
    call: ts.CallExpression,
    types: RuntimeType[],
    _fn?: FunctionFacts,
  ): (Resource | undefined)[] {
    let n: ts.Node = call;
    while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
    const p = n.parent;
    if (p && ts.isVariableDeclaration(p) && ts.isArrayBindingPattern(p.name)) {
      return p.name.elements.map((el, i) =>
        ts.isBindingElement(el) && ts.isIdentifier(el.name) && types[i]
          ? { key: declKey(el), text: el.name.text, type: types[i]!, decl: el }
          : undefined,
      );
    }
    return [];
  }

  private symbolOf(e: ts.Identifier | ts.PropertyAccessExpression): ts.Symbol | undefined {
    try {
      return this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(e) ? e.name : e);
    } catch {
      return undefined;
    }
  }

  private typeOfExpr(e: ts.Expression): RuntimeType | undefined {
    try {
      return runtimeTypeOfType(this.checker, this.checker.getTypeAtLocation(e));
    } catch {
      return undefined;
    }
  }

  /** A declaration's runtime type: from its annotation, its initialiser, or its checked type. */
  typeOfDecl(decl: ts.Declaration): RuntimeType | undefined {
    const cached = this.typeCache.get(decl);
    if (cached !== undefined) return cached ?? undefined;
    this.typeCache.set(decl, null); // cycles
    const t = this.computeTypeOfDecl(decl);
    this.typeCache.set(decl, t ?? null);
    return t;
  }

  private computeTypeOfDecl(decl: ts.Declaration): RuntimeType | undefined {
    const c = this.checker;
    if (
      ts.isVariableDeclaration(decl) ||
      ts.isParameter(decl) ||
      ts.isPropertyDeclaration(decl) ||
      ts.isPropertySignature(decl)
    ) {
      const fromNode = runtimeTypeOfTypeNode(c, decl.type);
      if (fromNode) return fromNode;
      const init = 'initializer' in decl ? decl.initializer : undefined;
      if (init) {
        const r = this.typeOfCreation(init);
        if (r) return r;
      }
    }
    if (ts.isBindingElement(decl)) {
      const pattern = decl.parent;
      const vd = pattern.parent;
      if (ts.isArrayBindingPattern(pattern) && ts.isVariableDeclaration(vd) && vd.initializer) {
        const init = skipParens(vd.initializer);
        if (ts.isCallExpression(init)) {
          const rname = runtimeNameOf(c, init.expression);
          const tuple = rname ? runtimeTupleOfCreation(rname) : undefined;
          const idx = pattern.elements.indexOf(decl);
          if (tuple && tuple[idx]) return tuple[idx];
        }
      }
    }
    if (ts.isPropertyAssignment(decl)) {
      const r = this.typeOfCreation(decl.initializer);
      if (r) return r;
    }
    if (ts.isPropertyDeclaration(decl) || ts.isParameter(decl)) {
      // a field assigned in the constructor: `this.mu = new Mutex()`
    }
    try {
      return runtimeTypeOfType(c, c.getTypeAtLocation(decl));
    } catch {
      return undefined;
    }
  }

  private typeOfCreation(init: ts.Expression): RuntimeType | undefined {
    let e = skipParens(init);
    if (ts.isAwaitExpression(e)) e = skipParens(e.expression);
    if (ts.isNewExpression(e) || ts.isCallExpression(e)) {
      const rname = runtimeNameOf(this.checker, e.expression);
      if (rname) return runtimeTypeOfCreation(rname, ts.isNewExpression(e));
      const callee = skipParens(e.expression);
      // ctx.done(), timer.c
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(callee) && callee.name.text === 'done') {
        const r = this.resourceOf(callee.expression);
        if (r?.type === 'Context') return 'RecvChan';
      }
    }
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'c') {
      const r = this.resourceOf(e.expression);
      if (r?.type === 'Timer' || r?.type === 'Ticker') return 'RecvChan';
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return this.resourceOf(e)?.type;
    return undefined;
  }
}

function normaliseBase(e: ts.Expression): string {
  return skipParens(e).getText().replace(/\s+/g, '');
}

/** A stable identity for a declaration: file and position. */
export function declKey(n: ts.Node): string {
  return `${n.getSourceFile().fileName}:${n.pos}`;
}
