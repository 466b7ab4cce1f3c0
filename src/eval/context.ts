import type { AnonSymbolExpr } from '../hcl/syntax/ast';
import type { Value } from '../values/value';
import type { FunctionSpec, FunctionTable } from './functions/function';

export interface EvalContextInit {
  /** Root names visible to expressions: var, local, data, source, build, path, packer, each, ... */
  readonly variables?: Readonly<Record<string, Value>>;
  readonly functions?: FunctionTable;
  readonly parent?: EvalContext;
}

/**
 * The scope an expression is evaluated in, as hcl.EvalContext: a chain of contexts, each possibly
 * holding variables and functions. A context with no variables anywhere in its chain makes every
 * variable reference an error ("Variables not allowed"); likewise for functions.
 */
export class EvalContext {
  readonly variables?: Readonly<Record<string, Value>>;
  readonly functions?: FunctionTable;
  readonly parent?: EvalContext;
  /**
   * Splat expressions bind their AnonSymbolExpr placeholder to each element in turn. AST nodes are
   * immutable data, so the binding lives here, keyed by node identity.
   */
  private readonly symbols?: ReadonlyMap<AnonSymbolExpr, Value>;

  constructor(init: EvalContextInit = {}, symbols?: ReadonlyMap<AnonSymbolExpr, Value>) {
    this.variables = init.variables;
    this.functions = init.functions;
    this.parent = init.parent;
    this.symbols = symbols;
  }

  /** A child scope adding (or shadowing) variables, for for-expression and template-for iterators. */
  child(variables: Readonly<Record<string, Value>>): EvalContext {
    return new EvalContext({ variables, parent: this });
  }

  /** A child scope binding a splat's item placeholder. */
  withSymbol(symbol: AnonSymbolExpr, value: Value): EvalContext {
    return new EvalContext({ parent: this }, new Map([[symbol, value]]));
  }

  /** This context and its ancestors, innermost first. */
  private *chain(): Generator<EvalContext> {
    for (let c: EvalContext | undefined = this as EvalContext; c; c = c.parent) yield c;
  }

  symbolValue(symbol: AnonSymbolExpr): Value | undefined {
    for (const c of this.chain()) {
      const v = c.symbols?.get(symbol);
      if (v) return v;
    }
    return undefined;
  }

  /** The innermost binding of a root name, or undefined. */
  lookupVariable(name: string): Value | undefined {
    for (const c of this.chain()) {
      if (c.variables && Object.prototype.hasOwnProperty.call(c.variables, name)) return c.variables[name];
    }
    return undefined;
  }

  /** True when some context in the chain defines variables (even an empty set of them). */
  hasVariables(): boolean {
    for (const c of this.chain()) if (c.variables) return true;
    return false;
  }

  /** Every variable name in scope, sorted, for did-you-mean suggestions. */
  variableNames(): string[] {
    const names = new Set<string>();
    for (const c of this.chain()) for (const k of Object.keys(c.variables ?? {})) names.add(k);
    return [...names].sort();
  }

  lookupFunction(name: string): FunctionSpec | undefined {
    for (const c of this.chain()) {
      const f = c.functions?.get(name);
      if (f) return f;
    }
    return undefined;
  }

  hasFunctions(): boolean {
    for (const c of this.chain()) if (c.functions) return true;
    return false;
  }

  functionNames(): string[] {
    const names = new Set<string>();
    for (const c of this.chain()) for (const k of c.functions?.keys() ?? []) names.add(k);
    return [...names].sort();
  }
}
