// Whole-program facts for the checks that reason about more than one goroutine: every runtime
// operation of the workspace indexed by the identity of what it acts on (a channel, a lock, a
// WaitGroup), where a class field is one identity whatever instance it is reached through (like
// lockdep's lock classes), and what a local channel's parent does with it (does it escape?).
// Also the shape every such check reports in: a finding with related locations and text edits.
import { ts } from 'ts-morph';
import {
  declKey,
  isChanType,
  resolutionEpoch,
  unchanged,
  type FileFacts,
  type FunctionFacts,
  type Op,
  type Resource,
} from './facts.js';
import { Flow } from './flow.js';
import { skipParens } from './runtime-api.js';
import type { Workspace } from './workspace.js';
import { applyFixes, type CheckMeta, type Fix, type TextEdit } from './check-meta.js';

export type { CheckDoc, CheckMeta, Fix, TextEdit } from './check-meta.js';

export interface Related {
  readonly node: ts.Node;
  readonly message: string;
}

export interface Finding {
  readonly node: ts.Node;
  readonly message: string;
  readonly related: readonly Related[];
  readonly fixes: readonly Fix[];
}

/** What a check's run() receives (structurally the checks' CheckContext). */
export interface ReportingContext {
  readonly file: FileFacts;
  readonly ws: Workspace;
  readonly flow: Flow;
  report(r: Finding): void;
}

/** A whole-program check: shaped like every other check (meta + run(ctx)), its logic over a ProgramContext. */
export interface ProgramCheck {
  readonly meta: CheckMeta;
  run(ctx: ReportingContext): void;
  /** The findings in one file, for callers holding a ProgramContext. */
  findings(ctx: ProgramContext, facts: FileFacts): Finding[];
}

const contexts = new WeakMap<Flow, ProgramContext>();

/** The ProgramContext of one run (one Flow): the whole-program index is built once per run. */
export function programContextFor(ws: Workspace, flow: Flow): ProgramContext {
  let c = contexts.get(flow);
  if (!c || c.ws !== ws) {
    c = new ProgramContext(ws, flow);
    contexts.set(flow, c);
  }
  return c;
}

export function programCheck(
  meta: CheckMeta,
  findings: (ctx: ProgramContext, facts: FileFacts) => Finding[],
): ProgramCheck {
  return {
    meta,
    findings,
    run(ctx) {
      const p = programContextFor(ctx.ws, ctx.flow);
      p.include(ctx.file);
      for (const f of findings(p, ctx.file)) ctx.report(f);
    },
  };
}

/** The identity of what an operation acts on, the same through `this.mu`, `a.mu` and `b.mu` for one field. */
export function classOf(r: Resource): string {
  const d = r.decl;
  if (d && (ts.isPropertyDeclaration(d) || ts.isPropertySignature(d) || ts.isPropertyAssignment(d)))
    return `field:${declKey(d)}`;
  return r.key;
}

/** The class name and field a field resource belongs to, for messages ("Account.mu"). */
export function className(r: Resource): string {
  const d = r.decl;
  if (d && (ts.isPropertyDeclaration(d) || ts.isPropertySignature(d))) {
    const owner = d.parent;
    const n = (owner as ts.ClassLikeDeclaration | ts.InterfaceDeclaration).name?.getText();
    if (n) return `${n}.${d.name.getText()}`;
  }
  return r.text;
}

/** Operations on the channel side of a select, as if they were plain ops. */
export interface ChanUse {
  readonly kind: 'send' | 'recv' | 'close' | 'range';
  readonly op: Op;
  /** Part of a select with other cases (it may not happen). */
  readonly inSelect: boolean;
}

export class ProgramContext {
  private built = false;
  private readonly byClass = new Map<string, Op[]>();
  private readonly chanUses = new Map<string, ChanUse[]>();
  private readonly allFacts: FileFacts[] = [];
  /** Union-find over classes: a channel passed to a parameter is one identity with it. */
  private parent: Map<string, string> | undefined;
  private members: Map<string, string[]> | undefined;

  constructor(
    readonly ws: Workspace,
    readonly flow: Flow = new Flow(ws),
  ) {}

  /** Every runtime-using file's facts (computed once per context). */
  files(): FileFacts[] {
    this.build();
    return this.allFacts;
  }

  /**
   * The identity of what a resource denotes across the program: its class (see classOf), with a
   * function's parameter joined to the channels its callers pass (`go(worker, jobs)`, `drain(ch)`).
   */
  cls(r: Resource): string {
    return this.find(this.unaliased(r));
  }

  /** The class of a resource, with an imported binding taken to the declaration it imports. */
  private unaliased(r: Resource): string {
    const d = r.decl;
    if (!d || !(ts.isImportSpecifier(d) || ts.isImportClause(d))) return classOf(r);
    const cached = this.importKeys.get(d);
    if (cached) return cached;
    let key = classOf(r);
    try {
      const checker = this.ws.getChecker();
      const sym = d.name ? checker.getSymbolAtLocation(d.name) : undefined;
      const target = sym && sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : undefined;
      const vd = target?.valueDeclaration;
      if (vd) key = r.key.replace(declKey(d), declKey(vd));
    } catch {
      // an unresolvable import keeps its own identity
    }
    this.importKeys.set(d, key);
    return key;
  }

  private readonly importKeys = new Map<ts.Node, string>();

  /** Ops acting on one identity (a value of cls()), across the workspace. */
  opsOn(cls: string): readonly Op[] {
    this.build();
    return this.group(cls).flatMap((c) => this.byClass.get(c) ?? []);
  }

  /** Channel operations (sends, receives, closes, ranges, select cases) on one identity. */
  chanUsesOf(cls: string): readonly ChanUse[] {
    this.build();
    return this.group(cls).flatMap((c) => this.chanUses.get(c) ?? []);
  }

  private build(): void {
    if (this.built) return;
    this.built = true;
    for (const f of this.ws.files()) {
      let facts: FileFacts | undefined;
      try {
        facts = this.ws.factsOf(f);
      } catch {
        facts = undefined;
      }
      if (!facts?.usesRuntime) continue;
      this.allFacts.push(facts);
      this.index(facts);
    }
  }

  /** Adds one file's facts when it is not part of the workspace's file list (an unsaved buffer). */
  include(facts: FileFacts): void {
    this.build();
    if (this.allFacts.includes(facts) || !facts.usesRuntime) return;
    this.allFacts.push(facts);
    this.index(facts);
    this.parent = undefined;
    this.members = undefined;
  }

  private find(c: string): string {
    this.aliases();
    let r = c;
    for (let p = this.parent!.get(r); p !== undefined && p !== r; p = this.parent!.get(r)) r = p;
    return r;
  }

  private group(c: string): string[] {
    const root = this.find(c);
    return this.members!.get(root) ?? [root];
  }

  private aliases(): void {
    if (this.parent) return;
    this.build();
    const parent = new Map<string, string>();
    this.parent = parent;
    const find = (c: string): string => {
      let r = c;
      for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
      return r;
    };
    for (const facts of this.allFacts) {
      let bindings = bindingsByFile.get(facts);
      if (!bindings) {
        bindings = facts.ops.flatMap((op) => paramBindings(this, op));
        bindingsByFile.set(facts, bindings);
      }
      for (const [param, arg] of bindings) {
        const a = find(param);
        const b = find(arg);
        if (a !== b) parent.set(a, b);
      }
    }
    const members = new Map<string, string[]>();
    for (const c of new Set([...parent.keys(), ...parent.values()])) {
      const root = find(c);
      const l = members.get(root) ?? [];
      if (!l.includes(c)) l.push(c);
      if (!l.includes(root)) l.push(root);
      members.set(root, l);
    }
    this.members = members;
  }

  private index(facts: FileFacts): void {
    const entries = indexEntries(facts);
    for (const [cls, op] of entries.ops) {
      const l = this.byClass.get(cls);
      if (l) l.push(op);
      else this.byClass.set(cls, [op]);
    }
    for (const [cls, u] of entries.uses) {
      const l = this.chanUses.get(cls);
      if (l) l.push(u);
      else this.chanUses.set(cls, [u]);
    }
  }
}

/** One file's part of the whole-program index: its ops and channel uses by class. */
interface IndexEntries {
  readonly ops: readonly [string, Op][];
  readonly uses: readonly [string, ChanUse][];
}

// per file's facts: a file whose facts did not change since the last run contributes the same entries
const indexByFile = new WeakMap<FileFacts, IndexEntries>();

function indexEntries(facts: FileFacts): IndexEntries {
  const known = indexByFile.get(facts);
  if (known) return known;
  const ops: [string, Op][] = [];
  const uses: [string, ChanUse][] = [];
  for (const op of facts.ops) {
    if (op.target) {
      const cls = classOf(op.target);
      ops.push([cls, op]);
      if (op.kind === 'send' || op.kind === 'close' || op.kind === 'range')
        uses.push([cls, { kind: op.kind, op, inSelect: false }]);
      else if (op.kind === 'recv' || op.kind === 'recvOk')
        uses.push([cls, { kind: 'recv', op, inSelect: false }]);
    }
    if (op.kind === 'select' && op.cases) {
      const many = op.cases.length > 1;
      for (const c of op.cases)
        if (c.channel && c.kind !== 'otherwise')
          uses.push([classOf(c.channel), { kind: c.kind, op, inSelect: many }]);
    }
  }
  const entries = { ops, uses };
  indexByFile.set(facts, entries);
  return entries;
}

const bindingsByFile = new WeakMap<FileFacts, [string, string][]>();

/** Where the arguments of a call or spawn of the project's own function go: [parameter class, argument class]. */
function paramBindings(ctx: ProgramContext, op: Op): [string, string][] {
  const callee = op.callee;
  if (!callee || (op.kind !== 'call' && op.kind !== 'spawn')) return [];
  const offset = op.kind === 'call' ? 0 : op.name === 'go' ? 1 : op.name === 'go.named' ? 2 : -1;
  if (offset < 0) return [];
  const out: [string, string][] = [];
  callee.parameters.forEach((p, i) => {
    const arg = op.args[i + offset];
    if (!arg || !ts.isIdentifier(p.name)) return;
    const r = ctx.flow.resolver.resourceOf(arg, op.fn);
    if (r && isChanType(r.type)) out.push([declKey(p), classOf(r)]);
  });
  return out;
}

/** 1-based line of a node, for messages. */
export function lineOf(n: ts.Node): number {
  const sf = n.getSourceFile();
  return sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
}

/** The statement that holds an expression (its nearest ancestor that is a statement). */
export function statementOf(n: ts.Node): ts.Statement | undefined {
  for (let c: ts.Node | undefined = n; c; c = c.parent) {
    if (ts.isBlock(c) || ts.isSourceFile(c)) return undefined;
    if (
      ts.isStatement(c as ts.Node) &&
      c.parent &&
      (ts.isBlock(c.parent) ||
        ts.isSourceFile(c.parent) ||
        ts.isCaseClause(c.parent) ||
        ts.isDefaultClause(c.parent) ||
        ts.isIfStatement(c.parent) ||
        ts.isIterationStatement(c.parent, false) ||
        ts.isLabeledStatement(c.parent))
    )
      return c as ts.Statement;
  }
  return undefined;
}

/** Whether `inner` is `outer` or inside it. */
export function within(inner: ts.Node, outer: ts.Node): boolean {
  for (let c: ts.Node | undefined = inner; c; c = c.parent) if (c === outer) return true;
  return false;
}

/** The whitespace a line starts with. */
export function indentAt(sf: ts.SourceFile, pos: number): string {
  const lineStart = sf.text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(sf.text.slice(lineStart))![0];
}

/** A channel made in a function and what happens to it there. */
export interface LocalChan {
  readonly resource: Resource;
  readonly make: Op;
  /** The function that makes it. */
  readonly owner: FunctionFacts;
  /**
   * Whether it can be reached by code this analysis cannot see: returned, stored, passed to a
   * function other than a spawned goroutine's parameter, or captured by a function that is not run
   * as a goroutine.
   */
  readonly escapes: boolean;
}

/**
 * The local channel an op's target denotes: made by `chan()` into a const/let of some function, and
 * reached directly, through a closure, or through the parameters it is passed to.
 */
export function localChanOf(ctx: ProgramContext, r: Resource | null | undefined): LocalChan | undefined {
  if (!r) return undefined;
  const makes = ctx.opsOn(ctx.cls(r)).filter((o) => o.kind === 'make');
  if (makes.length !== 1) return undefined;
  const make = makes[0]!;
  const decl = make.target?.decl;
  if (!make.target || !decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name))
    return undefined;
  if (make.node.parent !== decl) return undefined;
  return { resource: make.target, make, owner: make.fn, escapes: escapes(ctx, decl, make.fn, 0) };
}

// Answers hold for one program state: an edit elsewhere (a new use of a parameter, a new file
// touching a field) can change them, so the caches are per type checker (one per program version).
const escapeCaches = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, boolean>>();
const fieldCaches = new WeakMap<ts.TypeChecker, WeakMap<ts.PropertyDeclaration, boolean>>();

function perChecker<K extends object>(
  caches: WeakMap<ts.TypeChecker, WeakMap<K, boolean>>,
  checker: ts.TypeChecker,
): WeakMap<K, boolean> {
  let m = caches.get(checker);
  if (!m) caches.set(checker, (m = new WeakMap()));
  return m;
}

/**
 * Escape answers kept across program versions: one depends on the syntax and names inside its
 * owner and the functions it was passed to, nothing else (resolutionEpoch, unchanged). Only answers
 * that assumed nothing (no recursion) are kept, with the depth of calls they looked through (the
 * answer holds where that depth stays within the limit).
 */
const keptEscapes = new WeakMap<
  ts.Node,
  { result: boolean; epoch: number; functions: ts.Node[]; height: number }
>();
/** While an escape answer is computed: the functions it reads, how deep, and whether it assumed anything. */
let reading: { functions: ts.Node[]; height: number; assumed: boolean } | undefined;
const MAX_DEPTH = 4;

function escapes(
  ctx: ProgramContext,
  decl: ts.VariableDeclaration | ts.ParameterDeclaration,
  owner: FunctionFacts,
  depth: number,
): boolean {
  const checker = ctx.ws.getChecker();
  const escapeCache = perChecker(escapeCaches, checker);
  const cached = escapeCache.get(decl);
  const kept = keptEscapes.get(decl);
  const keep =
    kept &&
    kept.epoch === resolutionEpoch() &&
    depth + kept.height <= MAX_DEPTH &&
    !ts.isSourceFile(owner.node) &&
    kept.functions.every(unchanged)
      ? kept
      : undefined;
  if (cached !== undefined || keep) {
    if (reading) {
      if (keep && !inProgress.has(decl)) {
        reading.functions.push(...keep.functions);
        reading.height = Math.max(reading.height, keep.height + 1);
      } else reading.assumed = true;
    }
    if (cached !== undefined) return cached;
    escapeCache.set(decl, keep!.result);
    return keep!.result;
  }
  if (depth > MAX_DEPTH) {
    if (reading) reading.assumed = true;
    return true;
  }
  const outer = reading;
  reading = { functions: [owner.node], height: 0, assumed: false };
  inProgress.add(decl);
  let result: boolean;
  try {
    result = computeEscapes(ctx, decl, owner, depth, checker, escapeCache);
  } finally {
    inProgress.delete(decl);
    const mine = reading;
    reading = outer;
    if (outer) {
      outer.functions.push(...mine.functions);
      outer.height = Math.max(outer.height, mine.height + 1);
      outer.assumed ||= mine.assumed;
    }
    if (!mine.assumed && !ts.isSourceFile(owner.node))
      keptEscapes.set(decl, {
        result: escapeCache.get(decl)!,
        epoch: resolutionEpoch(),
        functions: mine.functions,
        height: mine.height,
      });
  }
  return result;
}

const inProgress = new Set<ts.Node>();

function computeEscapes(
  ctx: ProgramContext,
  decl: ts.VariableDeclaration | ts.ParameterDeclaration,
  owner: FunctionFacts,
  depth: number,
  checker: ts.TypeChecker,
  escapeCache: WeakMap<ts.Node, boolean>,
): boolean {
  escapeCache.set(decl, true); // recursion: assume the worst until shown otherwise
  let result = false;
  const name = (decl.name as ts.Identifier).text;
  const sym = checker.getSymbolAtLocation(decl.name);
  const scope = owner.node;
  const visit = (n: ts.Node): void => {
    if (result) return;
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && checker.getSymbolAtLocation(n) === sym) {
      if (!allowedUse(ctx, n, owner, depth)) result = true;
      return;
    }
    n.forEachChild(visit);
  };
  scope.forEachChild(visit);
  escapeCache.set(decl, result);
  return result;
}

const CHAN_MEMBERS = new Set(['send', 'recv', 'recvOk', 'close', 'length', 'capacity']);

function allowedUse(ctx: ProgramContext, id: ts.Identifier, owner: FunctionFacts, depth: number): boolean {
  let n: ts.Node = id;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent)))
    n = n.parent;
  const p = n.parent;
  if (!p) return false;
  // the function it is used in must be the owner or a goroutine started in it (or a closure of those)
  if (!usedInOwnerOrGoroutine(ctx, id, owner)) return false;
  if (ts.isPropertyAccessExpression(p) && p.expression === n) return CHAN_MEMBERS.has(p.name.text);
  if (ts.isForOfStatement(p) && p.expression === n) return true;
  if (ts.isCallExpression(p) && p.arguments[0] === n) {
    const callee = skipParens(p.expression);
    const name = ts.isIdentifier(callee) ? callee.text : '';
    if (name === 'recv' || name === 'send') return true;
  }
  // passed to a function of the project, whose parameter does not let it escape either
  if (ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
    const facts = ctx.ws.factsOf(id.getSourceFile().fileName);
    const op = facts?.ops.find((o) => o.node === p);
    const callee = op?.callee;
    if (!op || !callee || (op.kind !== 'call' && op.kind !== 'spawn')) return false;
    const offset = op.kind === 'call' ? 0 : op.name === 'go' ? 1 : op.name === 'go.named' ? 2 : -1;
    const param =
      offset < 0 ? undefined : callee.parameters[p.arguments.indexOf(n as ts.Expression) - offset];
    const calleeFacts = ctx.ws.functionFacts(callee);
    if (!param || !ts.isIdentifier(param.name) || param.dotDotDotToken || !calleeFacts) return false;
    return !escapes(ctx, param, calleeFacts, depth + 1);
  }
  return false;
}

function usedInOwnerOrGoroutine(ctx: ProgramContext, id: ts.Identifier, owner: FunctionFacts): boolean {
  const facts = ctx.ws.factsOf(id.getSourceFile().fileName);
  const fn = facts?.functionOf(id);
  for (let f: FunctionFacts | undefined = fn; f; f = f.parent) {
    if (f === owner) return true;
    // a closure that is neither a goroutine nor a select callback / promise callback run in place
    if (!f.spawnedBy.length && !isInlineCallback(f.node)) return false;
  }
  return false;
}

/** A callback the runtime or the language runs within the current goroutine: select case bodies, array methods. */
function isInlineCallback(n: ts.Node): boolean {
  const p = n.parent;
  if (!p || !ts.isCallExpression(p)) return false;
  const callee = skipParens(p.expression);
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : '';
  return /^(recv|send|otherwise|forEach|map|filter|some|every|find|reduce|do)$/.test(name);
}

/** Runs checks over one file; a check that fails is logged and yields nothing, never breaking the others. */
export function runProgramChecks(
  ctx: ProgramContext,
  checks: readonly ProgramCheck[],
  facts: FileFacts,
  log: (message: string) => void = () => {},
): { check: ProgramCheck; finding: Finding }[] {
  const out: { check: ProgramCheck; finding: Finding }[] = [];
  if (!facts.usesRuntime) return out;
  ctx.include(facts);
  for (const check of checks) {
    try {
      for (const finding of check.findings(ctx, facts)) out.push({ check, finding });
    } catch (e) {
      log(
        `${check.meta.id} failed on ${facts.sourceFile.fileName}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
    }
  }
  return out;
}

/** Applies edits to a text (edits must not overlap; later ones first). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const unique = new Map(edits.map((e) => [`${e.fileName}:${e.start}:${e.end}:${e.newText}`, e]));
  return applyFixes(text, [...unique.values()]);
}

/**
 * A channel the analysis sees every use of: a local channel that does not escape its function, or a
 * private field of a class whose every use in the class is a channel operation (or its creation).
 */
export function closedWorldChan(ctx: ProgramContext, r: Resource | null | undefined): boolean {
  if (!r?.decl) return false;
  if (ts.isVariableDeclaration(r.decl) || ts.isParameter(r.decl)) {
    const lc = localChanOf(ctx, r);
    return !!lc && !lc.escapes;
  }
  const d = r.decl;
  if (!ts.isPropertyDeclaration(d)) return false;
  const isPrivate =
    ts.isPrivateIdentifier(d.name) ||
    !!ts.getModifiers(d)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
  if (!ts.isClassLike(d.parent)) return false;
  // a public field's answer depends on every file: it is kept for one run only
  const checker = ctx.ws.getChecker();
  const cache = isPrivate ? perChecker(fieldCaches, checker) : publicFieldCache(ctx);
  const cached = cache.get(d);
  if (cached !== undefined) return cached;
  const name = d.name.getText();
  let ok = true;
  let created = false;
  if (d.initializer) created = isChanCreation(d.initializer);
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    // a destructuring or an access by string could take the channel anywhere
    if (
      !isPrivate &&
      ((ts.isBindingElement(n) && (n.propertyName ?? n.name).getText() === name) ||
        (ts.isStringLiteral(n) && n.text === name))
    ) {
      ok = false;
      return;
    }
    if (ts.isPropertyAccessExpression(n) && n.name.getText() === name) {
      // a private field is reached through `this` only; a public one through anything of its type
      const mine = isPrivate
        ? n.expression.kind === ts.SyntaxKind.ThisKeyword
        : checker.getSymbolAtLocation(n.name)?.valueDeclaration === d;
      if (mine) {
        let e: ts.Node = n;
        while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isNonNullExpression(e.parent)))
          e = e.parent;
        const p = e.parent;
        if (p && ts.isPropertyAccessExpression(p) && p.expression === e && CHAN_MEMBERS.has(p.name.text))
          return;
        if (p && ts.isForOfStatement(p) && p.expression === e) return;
        if (p && ts.isCallExpression(p) && p.arguments[0] === e) {
          const callee = skipParens(p.expression);
          if (ts.isIdentifier(callee) && (callee.text === 'recv' || callee.text === 'send')) return;
        }
        if (
          p &&
          ts.isBinaryExpression(p) &&
          p.left === e &&
          p.operatorToken.kind === ts.SyntaxKind.EqualsToken
        ) {
          if (isChanCreation(p.right)) {
            created = true;
            return;
          }
        }
        ok = false;
        return;
      }
    }
    n.forEachChild(visit);
  };
  if (isPrivate) d.parent.forEachChild(visit);
  else {
    // every use in the program: the files that mention the name (one that does not import the
    // runtime has no facts, so a use there is one this analysis cannot see)
    const seen = new Set<ts.SourceFile>();
    for (const facts of ctx.files()) {
      const sf = facts.sourceFile;
      seen.add(sf);
      if (!sf.text.includes(name)) continue;
      sf.forEachChild(visit);
      if (!ok) break;
    }
    for (const f of ok ? ctx.ws.files() : []) {
      const sf = ctx.ws.getSourceFile(f);
      if (!sf || seen.has(sf) || !sf.text.includes(`.${name}`)) continue;
      sf.forEachChild(function any(n): void {
        if (
          ok &&
          ts.isPropertyAccessExpression(n) &&
          n.name.getText() === name &&
          checker.getSymbolAtLocation(n.name)?.valueDeclaration === d
        )
          ok = false;
        if (ok) n.forEachChild(any);
      });
      if (!ok) break;
    }
  }
  const result = ok && created;
  cache.set(d, result);
  return result;
}

const publicFields = new WeakMap<ProgramContext, Map<ts.PropertyDeclaration, boolean>>();

function publicFieldCache(ctx: ProgramContext): Map<ts.PropertyDeclaration, boolean> {
  let m = publicFields.get(ctx);
  if (!m) publicFields.set(ctx, (m = new Map()));
  return m;
}

function isChanCreation(e: ts.Expression): boolean {
  const x = skipParens(e);
  return (
    ts.isCallExpression(x) &&
    ts.isIdentifier(skipParens(x.expression)) &&
    /^chan$/.test(skipParens(x.expression).getText())
  );
}
