/**
 * Functions the evaluator implements itself because they need more than argument values:
 * try() and can() evaluate their arguments as expressions and look at the diagnostics (HCL's
 * ext/tryfunc), and convert() reads its second argument as a type constraint, not a value
 * (ext/typeexpr's ConvertFunc). Packer registers all three; they are available wherever the
 * context allows function calls.
 */
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { formatRange } from '../hcl/pos';
import type { FunctionCallExpr } from '../hcl/syntax/ast';
import { getTypeConstraint } from '../values/typeexpr';
import { BoolType, DynamicType } from '../values/types';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { goQuote as quote } from '../text/go-quote';
import { startRange } from './evaluate';
import { type CallArg, argRange, checkArity, evaluateArg } from './function-call';
import type { FunctionSpec } from './functions/function';
import type { EvalResult } from './traversal';
import { tryConvert } from './value-ops';

export const SPECIAL_FUNCTION_NAMES: readonly string[] = ['can', 'convert', 'try'];

/** Signatures only, for HCL's argument-count checks and wording; the evaluator does the work. */
const never = (): never => {
  throw new Error('special function called through the function table');
};
const SIGNATURES: Readonly<Record<string, FunctionSpec>> = {
  try: { params: [], varParam: { name: 'expressions', type: DynamicType }, returnType: never, impl: never },
  can: { params: [{ name: 'expression', type: DynamicType }], returnType: () => BoolType, impl: never },
  convert: {
    params: [
      { name: 'value', type: DynamicType, allowNull: true, allowDynamicType: true },
      { name: 'type', type: DynamicType },
    ],
    returnType: never,
    impl: never,
  },
};

export function evaluateSpecialCall(
  expr: FunctionCallExpr,
  args: readonly CallArg[],
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): EvalResult {
  const spec = SIGNATURES[expr.name];
  const arity = checkArity(expr, spec, args);
  if (arity) return { value: Value.DynamicUnknown, diagnostics: [arity] };
  switch (expr.name) {
    case 'try':
      return evaluateTry(expr, args, ctx, diagnostics);
    case 'can':
      return evaluateCan(args[0], ctx, diagnostics);
    default:
      return evaluateConvert(expr, args, ctx, diagnostics);
  }
}

function callFailed(expr: FunctionCallExpr, message: string, diagnostics: Diagnostic[]): EvalResult {
  diagnostics.push(
    errorDiag(
      'Error in function call',
      `Call to function ${quote(expr.name)} failed: ${message}.`,
      startRange(expr),
      expr.range,
    ),
  );
  return { value: Value.DynamicUnknown, diagnostics };
}

/**
 * The first argument that evaluates without errors. A partly unknown result makes the whole
 * result unknown: once known, it might fail, and a later argument would be chosen instead.
 */
function evaluateTry(
  expr: FunctionCallExpr,
  args: readonly CallArg[],
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): EvalResult {
  if (args.length === 0) return callFailed(expr, 'at least one argument is required', diagnostics);
  const failures: Diagnostic[] = [];
  for (const arg of args) {
    const r = evaluateArg(arg, ctx);
    failures.push(...r.diagnostics);
    if (hasErrors(r.diagnostics)) continue;
    if (!r.value.isWhollyKnown()) return { value: Value.DynamicUnknown, diagnostics };
    // Diagnostics of the arguments that failed are deliberately dropped.
    return { value: r.value, diagnostics };
  }
  let message = 'no expression succeeded:\n';
  for (const d of failures) {
    message += d.subject
      ? `- ${d.summary} (at ${formatRange(d.subject)})\n  ${d.detail}\n`
      : `- ${d.summary}\n  ${d.detail}\n`;
  }
  message += '\nAt least one expression must produce a successful result';
  return callFailed(expr, message, diagnostics);
}

/** True when the argument evaluates without errors; unknown while that cannot yet be told. */
function evaluateCan(arg: CallArg, ctx: EvalContext, diagnostics: Diagnostic[]): EvalResult {
  const r = evaluateArg(arg, ctx);
  if (hasErrors(r.diagnostics)) return { value: Value.False, diagnostics };
  if (!r.value.isWhollyKnown()) return { value: Value.unknown(BoolType), diagnostics };
  return { value: Value.True, diagnostics };
}

/** convert(value, type): the value converted to a type written as a type constraint. */
function evaluateConvert(
  expr: FunctionCallExpr,
  args: readonly CallArg[],
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): EvalResult {
  const valueRes = evaluateArg(args[0], ctx);
  diagnostics.push(...valueRes.diagnostics);
  const typeArg = args[1];
  if (typeArg.kind !== 'expr') {
    // An expanded argument is a value, never a type expression.
    diagnostics.push(
      errorDiag(
        'Invalid type specification',
        'A type specification is required here.',
        argRange(typeArg),
        expr.range,
      ),
    );
    return { value: Value.DynamicUnknown, diagnostics };
  }
  const tc = getTypeConstraint(typeArg.expr);
  diagnostics.push(...tc.diagnostics);
  if (hasErrors(diagnostics)) return { value: Value.DynamicUnknown, diagnostics };

  // As a cty function would: marks are set aside and put back on the result.
  const [value, marks] = valueRes.value.unmarkDeep();
  const conv = tryConvert(value, tc.type);
  if (!conv.ok) {
    diagnostics.push(
      errorDiag(
        'Invalid function argument',
        `Invalid value for "value" parameter: ${conv.message}.`,
        argRange(args[0]),
        expr.range,
      ),
    );
    return { value: Value.DynamicUnknown, diagnostics };
  }
  const result = value.isKnown() ? conv.value : Value.unknown(conv.value.type);
  return { value: result.withMarks(marks), diagnostics };
}
