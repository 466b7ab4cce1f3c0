/**
 * Function calls, as hclsyntax FunctionCallExpr: look the function up, expand a final `...`
 * argument, check the argument count, convert each argument to its parameter type, then call.
 * try(), can() and convert() need their arguments unevaluated and are handled by
 * ./special-functions.
 */
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { Expression, FunctionCallExpr } from '../hcl/syntax/ast';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { goQuote as quote } from '../text/go-quote';
import { nameSuggestion } from '../hcl/didyoumean';
import { evaluate, startRange } from './evaluate';
import { arityProblem, callFunction, parameterFor } from './functions/call';
import { FunctionArgError, FunctionError, type FunctionSpec } from './functions/function';
import { SPECIAL_FUNCTION_NAMES, evaluateSpecialCall } from './special-functions';
import type { EvalResult } from './traversal';
import { tryConvert } from './value-ops';

/**
 * One argument of a call after `...` expansion: either an expression still to be evaluated, or an
 * element of the expanded collection (which reports problems at the expanding expression).
 */
export type CallArg =
  | { readonly kind: 'expr'; readonly expr: Expression }
  | { readonly kind: 'value'; readonly value: Value; readonly source: Expression };

/** Where problems with an argument are reported (an expanded element: the whole expanding expression). */
export function argRange(arg: CallArg): Range {
  return arg.kind === 'expr' ? startRange(arg.expr) : arg.source.range;
}

export function evaluateArg(arg: CallArg, ctx: EvalContext | undefined): EvalResult {
  return arg.kind === 'expr' ? evaluate(arg.expr, ctx) : { value: arg.value, diagnostics: [] };
}

export function evaluateFunctionCall(expr: FunctionCallExpr, ctx: EvalContext | undefined): EvalResult {
  const spec = ctx?.lookupFunction(expr.name);
  const special = !spec && ctx?.hasFunctions() && SPECIAL_FUNCTION_NAMES.includes(expr.name);
  if (!spec && !special) return unknownFunction(expr, ctx);

  const expanded = expandArgs(expr, ctx);
  if (!expanded.args) return { value: Value.DynamicUnknown, diagnostics: expanded.diagnostics };
  const args = expanded.args;
  const diagnostics = expanded.diagnostics;

  if (special) return evaluateSpecialCall(expr, args, ctx as EvalContext, diagnostics);
  return callSpec(expr, spec as FunctionSpec, args, ctx, diagnostics);
}

function unknownFunction(expr: FunctionCallExpr, ctx: EvalContext | undefined): EvalResult {
  if (!ctx || !ctx.hasFunctions()) {
    return {
      value: Value.DynamicUnknown,
      diagnostics: [errorDiag('Function calls not allowed', 'Functions may not be called here.', expr.range)],
    };
  }
  const available = [...new Set([...ctx.functionNames(), ...SPECIAL_FUNCTION_NAMES])].sort();
  let detail: string;
  const sep = expr.name.lastIndexOf('::');
  if (sep >= 0) {
    // Namespaced names (provider::x::f) get told whether the namespace or the name is wrong.
    const namespace = expr.name.slice(0, sep + 2);
    const name = expr.name.slice(sep + 2);
    const inNamespace = available.filter((n) => n.startsWith(namespace));
    if (inNamespace.length === 0) detail = `There are no functions in namespace ${quote(namespace)}.`;
    else {
      const s = nameSuggestion(name, inNamespace);
      detail = `There is no function named ${quote(name)} in namespace ${namespace}.${s ? ` Did you mean ${namespace}${s}?` : ''}`;
    }
  } else {
    const s = nameSuggestion(expr.name, available);
    detail = `There is no function named ${quote(expr.name)}.${s ? ` Did you mean ${quote(s)}?` : ''}`;
  }
  return {
    value: Value.DynamicUnknown,
    diagnostics: [errorDiag('Call to unknown function', detail, expr.nameRange, expr.range)],
  };
}

/** Replaces a final `arg...` by one argument per element; returns no args when that fails. */
function expandArgs(
  expr: FunctionCallExpr,
  ctx: EvalContext | undefined,
): { args?: CallArg[]; diagnostics: Diagnostic[] } {
  const args: CallArg[] = expr.args.map((e) => ({ kind: 'expr', expr: e }));
  if (!expr.expandFinal || expr.args.length === 0) return { args, diagnostics: [] };
  const last = expr.args[expr.args.length - 1];
  const r = evaluate(last, ctx);
  const diagnostics = [...r.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics };
  const v = r.value;
  const kind = v.type.kind;
  const invalid = (detail: string): { diagnostics: Diagnostic[] } => {
    diagnostics.push(errorDiag('Invalid expanding argument value', detail, last.range, expr.range));
    return { diagnostics };
  };
  if (kind === 'dynamic' || kind === 'tuple' || kind === 'list' || kind === 'set') {
    if (v.isNull()) return invalid('The expanding argument (indicated by ...) must not be null.');
    if (!v.isKnown()) return { diagnostics };
    // The collection's own marks move onto each element so that they are not lost.
    const [unmarked, marks] = v.unmark();
    const expandedArgs: CallArg[] = unmarked
      .elements()
      .map((el) => ({ kind: 'value', value: el.withMarks(marks), source: last }));
    return { args: [...args.slice(0, -1), ...expandedArgs], diagnostics };
  }
  return invalid('The expanding argument (indicated by ...) must be of a tuple, list, or set type.');
}

/** HCL's "Not enough/Too many function arguments" check, shared with the special functions. */
export function checkArity(
  expr: FunctionCallExpr,
  spec: FunctionSpec,
  args: readonly CallArg[],
): Diagnostic | undefined {
  const p = arityProblem(expr.name, spec, args.length);
  if (!p) return undefined;
  const subject = p.kind === 'missing' ? expr.closeParenRange : argRange(args[spec.params.length]);
  return errorDiag(p.summary, p.detail, subject, expr.range);
}

/** Turns an error thrown by a function into HCL's diagnostic for it. */
export function callErrorDiagnostic(
  expr: FunctionCallExpr,
  spec: FunctionSpec,
  args: readonly CallArg[],
  e: unknown,
): Diagnostic {
  if (e instanceof FunctionArgError) {
    const hasParam = e.argIndex < spec.params.length || spec.varParam !== undefined;
    if (hasParam) {
      const param = parameterFor(spec, e.argIndex);
      const detail = `Invalid value for ${quote(param.name)} parameter: ${e.message}.`;
      // A function blaming an argument that was not given: point at the whole call.
      if (e.argIndex >= args.length) return errorDiag('Invalid function argument', detail, expr.range);
      return errorDiag('Invalid function argument', detail, argRange(args[e.argIndex]), expr.range);
    }
  } else if (!(e instanceof FunctionError)) {
    throw e;
  }
  const message = e instanceof Error ? e.message : String(e);
  return errorDiag(
    'Error in function call',
    `Call to function ${quote(expr.name)} failed: ${message}.`,
    startRange(expr),
    expr.range,
  );
}

function callSpec(
  expr: FunctionCallExpr,
  spec: FunctionSpec,
  args: readonly CallArg[],
  ctx: EvalContext | undefined,
  diagnostics: Diagnostic[],
): EvalResult {
  const arity = checkArity(expr, spec, args);
  if (arity) return { value: Value.DynamicUnknown, diagnostics: [arity] };

  const values = args.map((arg, i) => {
    const r = evaluateArg(arg, ctx);
    diagnostics.push(...r.diagnostics);
    const param = parameterFor(spec, i);
    const conv = tryConvert(r.value, param.type);
    if (conv.ok) return conv.value;
    diagnostics.push(
      errorDiag(
        'Invalid function argument',
        `Invalid value for ${quote(param.name)} parameter: ${conv.message}.`,
        argRange(arg),
        expr.range,
      ),
    );
    return r.value;
  });
  // Calling with bad arguments would only add a confusing second error.
  if (hasErrors(diagnostics)) return { value: Value.DynamicUnknown, diagnostics };

  try {
    return { value: callFunction(spec, values), diagnostics };
  } catch (e) {
    diagnostics.push(callErrorDiagnostic(expr, spec, args, e));
    return { value: Value.DynamicUnknown, diagnostics };
  }
}
