import { type SyntaxExpression, expressionRange, unwrapExpression } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { parseExpression } from '../hcl/syntax/parser';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { type TypeDefaults, getTypeConstraint } from '../values/typeexpr';
import { BoolType, DynamicType, StringType, type Type } from '../values/types';
import type { Value } from '../values/value';

/**
 * Small decoding helpers shared by the template blocks: static values (gohcl.DecodeExpression with
 * no context), type constraints in either syntax, identifier checks.
 */

export const BAD_IDENTIFIER_DETAIL =
  'A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.';

/** hclsyntax.ValidIdentifier. */
export function validIdentifier(name: string): boolean {
  return /^[\p{ID_Start}_][\p{ID_Continue}\p{Mn}\p{Mc}-]*$/u.test(name);
}

/**
 * Evaluates an expression and converts it to a Go-side primitive the way gohcl.DecodeExpression
 * does: a failed conversion or a null is "Unsuitable value type".
 */
function decodeTo(
  expr: SyntaxExpression,
  ctx: EvalContext | undefined,
  want: Type,
): { value?: Value; diagnostics: Diagnostic[] } {
  const r = evaluateSyntaxExpression(expr, ctx);
  if (hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  const range = expressionRange(expr);
  const converted = tryConvert(r.value, want);
  const problem = !converted.ok
    ? converted.message
    : converted.value.isNull()
      ? 'value must not be null'
      : undefined;
  if (problem !== undefined || !converted.ok) {
    return {
      diagnostics: [
        ...r.diagnostics,
        errorDiag('Unsuitable value type', `Unsuitable value: ${problem ?? ''}`, range),
      ],
    };
  }
  return { value: converted.value, diagnostics: r.diagnostics };
}

export function decodeString(
  expr: SyntaxExpression,
  ctx?: EvalContext,
): { value?: string; diagnostics: Diagnostic[] } {
  const r = decodeTo(expr, ctx, StringType);
  if (!r.value || !r.value.isKnown()) return { diagnostics: r.diagnostics };
  return { value: r.value.unmark()[0].asString(), diagnostics: r.diagnostics };
}

export function decodeBool(
  expr: SyntaxExpression,
  ctx?: EvalContext,
): { value?: boolean; diagnostics: Diagnostic[] } {
  const r = decodeTo(expr, ctx, BoolType);
  if (!r.value || !r.value.isKnown()) return { diagnostics: r.diagnostics };
  return { value: r.value.unmark()[0].asBool(), diagnostics: r.diagnostics };
}

const TYPE_SPEC_DETAIL =
  'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).';

/**
 * typeexpr.TypeConstraintWithDefaults for either syntax. In JSON the constraint is written as a
 * string holding the native type expression (`"list(string)"`), which hcl reads the same way.
 */
export function typeConstraintOf(expr: SyntaxExpression): {
  type: Type;
  defaults?: TypeDefaults;
  diagnostics: Diagnostic[];
} {
  const written = unwrapExpression(expr); // a type is read from the text, never evaluated
  if (written.syntax === 'native') return getTypeConstraint(written.expr);
  const v = written.value;
  if (v.kind !== 'string') {
    return {
      type: DynamicType,
      diagnostics: [errorDiag('Invalid type specification', TYPE_SPEC_DETAIL, v.range)],
    };
  }
  const start = { line: v.range.start.line, column: v.range.start.column + 1, byte: v.range.start.byte + 1 };
  const parsed = parseExpression(v.value, v.range.filename, start);
  if (hasErrors(parsed.diagnostics)) return { type: DynamicType, diagnostics: parsed.diagnostics };
  return getTypeConstraint(parsed.expr);
}
