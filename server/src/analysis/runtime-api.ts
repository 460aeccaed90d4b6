// Recognising the goroutines runtime's API (shared/API.md) by resolved symbol, not by spelling:
// aliased and namespace imports and re-exports resolve to the same names, and values are typed
// by where their type (or, while the runtime's declarations are incomplete, their initialiser or
// annotation) comes from.
import { ts as tsMorph } from 'ts-morph';
// a plain binding: in the bundle, every `ts.x` through the import is a chain of getter calls
import ts = tsMorph;

/** The runtime's value types the checks reason about. */
export type RuntimeType =
  | 'Chan'
  | 'SendChan'
  | 'RecvChan'
  | 'WaitGroup'
  | 'Mutex'
  | 'RWMutex'
  | 'Locker'
  | 'Context'
  | 'CancelFunc'
  | 'Group'
  | 'Timer'
  | 'Ticker'
  | 'Once'
  | 'Cond'
  | 'Semaphore'
  | 'SingleFlight'
  | 'Guard';

const TYPE_NAMES = new Set<string>([
  'Chan',
  'SendChan',
  'RecvChan',
  'WaitGroup',
  'Mutex',
  'RWMutex',
  'Locker',
  'Context',
  'CancelFunc',
  'Group',
  'Timer',
  'Ticker',
  'Once',
  'Cond',
  'Semaphore',
  'SingleFlight',
]);

/** The shareable primitives of parallel goroutines behave as their single-thread counterparts. */
const SHARED_ALIAS: Record<string, RuntimeType> = {
  SharedChan: 'Chan',
  SharedMutex: 'Mutex',
  SharedRWMutex: 'RWMutex',
  SharedWaitGroup: 'WaitGroup',
  SharedCond: 'Cond',
  SharedOnce: 'Once',
  SharedSemaphore: 'Semaphore',
};

function typeNamed(name: string): RuntimeType | undefined {
  if (TYPE_NAMES.has(name)) return name as RuntimeType;
  return SHARED_ALIAS[name];
}

/** Whether a module specifier names the runtime package. */
export function isRuntimeSpecifier(spec: string): boolean {
  return spec === 'goroutines' || spec.startsWith('goroutines/');
}

/** Whether a file belongs to the runtime package (its sources, its build, or its installed copy). */
export function isRuntimeFile(fileName: string): boolean {
  const f = fileName.replace(/\\/g, '/');
  return /\/node_modules\/goroutines\//.test(f) || /\/runtime\/(src|dist)\//.test(f);
}

/** Cheap text pre-filter: a file that never mentions the runtime's module costs nothing. */
export function mentionsRuntime(text: string): boolean {
  return text.includes('goroutines');
}

function moduleOf(decl: ts.Declaration): string | undefined {
  // import { a as b } from 'm' / export { a } from 'm' / import * as ns from 'm' / import d from 'm'
  let n: ts.Node | undefined = decl;
  while (n && !ts.isImportDeclaration(n) && !ts.isExportDeclaration(n)) n = n.parent;
  if (!n) return undefined;
  const spec = (n as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
  return spec && ts.isStringLiteral(spec) ? spec.text : undefined;
}

/**
 * Resolves a symbol to the name it has in the runtime ('chan', 'context', 'WaitGroup', or '*' for
 * the namespace), following import and re-export chains, or undefined when it is not the runtime's.
 */
export function runtimeSymbolName(
  checker: ts.TypeChecker,
  symbol: ts.Symbol | undefined,
): string | undefined {
  let s = symbol;
  for (let depth = 0; s && depth < 12; depth++) {
    const decls = s.declarations ?? [];
    for (const d of decls) {
      if (isRuntimeFile(d.getSourceFile().fileName)) {
        if (ts.isSourceFile(d)) return '*';
        return s.name === 'default' ? undefined : s.name;
      }
    }
    if (!(s.flags & ts.SymbolFlags.Alias)) return undefined;
    const d = decls[0];
    if (!d) return undefined;
    const mod = moduleOf(d);
    if (mod !== undefined && isRuntimeSpecifier(mod)) {
      if (ts.isNamespaceImport(d) || ts.isNamespaceExport(d)) return '*';
      if (ts.isImportSpecifier(d) || ts.isExportSpecifier(d)) return (d.propertyName ?? d.name).text;
      return undefined;
    }
    let next: ts.Symbol | undefined;
    try {
      next = checker.getImmediateAliasedSymbol(s);
    } catch {
      next = undefined;
    }
    if (!next || next === s) return undefined;
    s = next;
  }
  return undefined;
}

/**
 * The runtime name of a callee or reference expression: 'go', 'go.named', 'chan', 'context.withCancel',
 * 'errgroup.withContext', 'select', 'WaitGroup' (for `new`), or undefined.
 */
export function runtimeNameOf(checker: ts.TypeChecker, expr: ts.Expression): string | undefined {
  expr = skipParens(expr);
  if (ts.isIdentifier(expr)) {
    const name = runtimeSymbolName(checker, checker.getSymbolAtLocation(expr));
    return name === '*' ? undefined : name;
  }
  if (ts.isPropertyAccessExpression(expr)) {
    const left = skipParens(expr.expression);
    const prop = expr.name.text;
    if (ts.isIdentifier(left) || ts.isPropertyAccessExpression(left)) {
      const base = ts.isIdentifier(left)
        ? runtimeSymbolName(checker, checker.getSymbolAtLocation(left))
        : runtimeNameOf(checker, left);
      if (base === '*') return prop;
      if (base === 'go' || base === 'context' || base === 'errgroup' || base === 'time')
        return `${base}.${prop}`;
    }
  }
  return undefined;
}

export function skipParens(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isSatisfiesExpression(e)
  )
    e = e.expression;
  return e;
}

/** The runtime type a type annotation names (`Chan<number>`, `g.Mutex`, `SendChan<T> | null`). */
export function runtimeTypeOfTypeNode(
  checker: ts.TypeChecker,
  node: ts.TypeNode | undefined,
): RuntimeType | undefined {
  if (!node) return undefined;
  if (ts.isUnionTypeNode(node)) {
    for (const t of node.types) {
      const r = runtimeTypeOfTypeNode(checker, t);
      if (r) return r;
    }
    return undefined;
  }
  if (ts.isParenthesizedTypeNode(node)) return runtimeTypeOfTypeNode(checker, node.type);
  if (ts.isTypeReferenceNode(node)) {
    const tn = node.typeName;
    const sym = checker.getSymbolAtLocation(ts.isIdentifier(tn) ? tn : tn.right);
    let name = runtimeSymbolName(checker, sym);
    if (!name && ts.isQualifiedName(tn) && ts.isIdentifier(tn.left)) {
      const base = runtimeSymbolName(checker, checker.getSymbolAtLocation(tn.left));
      if (base === '*') name = tn.right.text;
      if (base === 'context' || base === 'errgroup') name = tn.right.text;
    }
    if (name) return typeNamed(name);
  }
  return undefined;
}

/** What a runtime constructor or factory call produces. */
export function runtimeTypeOfCreation(runtimeName: string, isNew: boolean): RuntimeType | undefined {
  if (isNew) {
    if (SHARED_ALIAS[runtimeName]) return SHARED_ALIAS[runtimeName];
    switch (runtimeName) {
      case 'WaitGroup':
      case 'Mutex':
      case 'RWMutex':
      case 'Timer':
      case 'Ticker':
      case 'Once':
      case 'Cond':
      case 'Semaphore':
      case 'SingleFlight':
        return runtimeName;
      case 'Group':
      case 'errgroup.Group':
        return 'Group';
    }
    return undefined;
  }
  switch (runtimeName) {
    case 'chan':
    case 'sharedChan':
      return 'Chan';
    case 'after':
    case 'tick':
      return 'RecvChan';
    case 'afterFunc':
      return 'Timer';
    case 'context.background':
    case 'context.todo':
      return 'Context';
  }
  return undefined;
}

/** Element types of the tuples the runtime's factories return. */
export function runtimeTupleOfCreation(runtimeName: string): RuntimeType[] | undefined {
  switch (runtimeName) {
    case 'context.withCancel':
    case 'context.withTimeout':
    case 'context.withDeadline':
    case 'context.withCancelCause':
    case 'context.withTimeoutCause':
    case 'context.withDeadlineCause':
      return ['Context', 'CancelFunc'];
    case 'errgroup.withContext':
      return ['Group', 'Context'];
  }
  return undefined;
}

/** The runtime type of a value's static type, when the runtime declares it. */
export function runtimeTypeOfType(checker: ts.TypeChecker, type: ts.Type): RuntimeType | undefined {
  const candidates: (ts.Symbol | undefined)[] = [type.aliasSymbol, type.getSymbol()];
  if (type.isUnion()) for (const t of type.types) candidates.push(t.aliasSymbol, t.getSymbol());
  for (const s of candidates) {
    if (!s) continue;
    const decl = s.declarations?.[0];
    const named = decl && isRuntimeFile(decl.getSourceFile().fileName) ? typeNamed(s.name) : undefined;
    if (named) return named;
  }
  void checker;
  return undefined;
}
