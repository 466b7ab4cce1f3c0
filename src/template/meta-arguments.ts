import { type SyntaxExpression, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { WHOLE_NUMBER_MESSAGE, toGoInt } from '../values/go-int';
import { BoolType, NumberType, StringType, type Type, listOf } from '../values/types';
import type { Value } from '../values/value';

/**
 * Decoding of the Go-typed meta-arguments of build, provisioner and post-processor blocks, as
 * gohcl.DecodeExpression does it: evaluate, convert to the field's type, and report a failed
 * conversion, a null or an unknown value as "Unsuitable value type" at the expression.
 */

type Decoded<T> = { value?: T; diagnostics: Diagnostic[] };

function unsuitable(message: string, expr: SyntaxExpression): Diagnostic {
  return errorDiag('Unsuitable value type', `Unsuitable value: ${message}`, expressionRange(expr));
}

/**
 * Evaluates and converts; the result is undefined (with a diagnostic) unless usable. A null list
 * is usable: gocty decodes it into a nil slice (so `except = cond ? [...] : null` means "none").
 */
function known(expr: SyntaxExpression, ctx: EvalContext, want: Type): Decoded<Value> {
  const r = evaluateSyntaxExpression(expr, ctx);
  if (hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  const converted = tryConvert(r.value, want);
  if (!converted.ok) return { diagnostics: [...r.diagnostics, unsuitable(converted.message, expr)] };
  const [value] = converted.value.unmarkDeep();
  if (value.isNull()) {
    if (want.kind === 'list' || want.kind === 'map') return { value, diagnostics: r.diagnostics };
    return { diagnostics: [...r.diagnostics, unsuitable('value must not be null', expr)] };
  }
  if (!value.isWhollyKnown()) {
    return { diagnostics: [...r.diagnostics, unsuitable('value must be known', expr)] };
  }
  return { value, diagnostics: r.diagnostics };
}

export function decodeStringArg(expr: SyntaxExpression, ctx: EvalContext): Decoded<string> {
  const r = known(expr, ctx, StringType);
  return { value: r.value?.asString(), diagnostics: r.diagnostics };
}

/** A Go []string: each element converted; null elements are refused as gocty does; null is empty. */
export function decodeStringListArg(expr: SyntaxExpression, ctx: EvalContext): Decoded<string[]> {
  const r = known(expr, ctx, listOf(StringType));
  if (!r.value) return { diagnostics: r.diagnostics };
  if (r.value.isNull()) return { value: [], diagnostics: r.diagnostics };
  const out: string[] = [];
  for (const e of r.value.elements()) {
    if (e.isNull()) return { diagnostics: [...r.diagnostics, unsuitable('value must not be null', expr)] };
    out.push(e.asString());
  }
  return { value: out, diagnostics: r.diagnostics };
}

/** A Go int. */
export function decodeIntArg(expr: SyntaxExpression, ctx: EvalContext): Decoded<number> {
  const r = known(expr, ctx, NumberType);
  if (!r.value) return { diagnostics: r.diagnostics };
  const n = toGoInt(r.value.asNumber());
  if (n === undefined) return { diagnostics: [...r.diagnostics, unsuitable(WHOLE_NUMBER_MESSAGE, expr)] };
  return { value: Number(n), diagnostics: r.diagnostics };
}

/** A Go bool (or *bool: absent stays undefined). */
export function decodeBoolArg(expr: SyntaxExpression, ctx: EvalContext): Decoded<boolean> {
  const r = known(expr, ctx, BoolType);
  return { value: r.value?.asBool(), diagnostics: r.diagnostics };
}
