/**
 * String templates: `"a ${x} b"`, heredocs, and the `%{if}` / `%{for}` directives. HCL desugars
 * the directives into a conditional and a for expression joined into a string; the same is done
 * here with synthetic nodes so that their diagnostics match.
 */
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { rangeEndOf } from '../hcl/pos';
import type { Expression, ForExpr, TemplateExpr, TemplateForExpr, TemplateIfExpr } from '../hcl/syntax/ast';
import { StringType } from '../values/types';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { evaluateConditional } from './conditional';
import { evaluate } from './evaluate';
import { evaluateFor } from './for';
import type { EvalResult } from './traversal';
import { MarkSet, tryConvert } from './value-ops';

const INVALID_INTERPOLATION = 'Invalid template interpolation value';

export function evaluateTemplate(expr: TemplateExpr, ctx: EvalContext | undefined): EvalResult {
  const diagnostics: Diagnostic[] = [];
  const marks = new MarkSet();
  let known = true;
  let text = '';
  for (const part of expr.parts) {
    const r = evaluate(part, ctx);
    diagnostics.push(...r.diagnostics);
    if (r.value.isNull()) {
      diagnostics.push(
        errorDiag(
          INVALID_INTERPOLATION,
          'The expression result is null. Cannot include a null value in a string template.',
          part.range,
          expr.range,
        ),
      );
      continue;
    }
    const v = marks.take(r.value);
    if (!v.isKnown()) {
      // Keep going: later parts may still have problems worth reporting.
      known = false;
      continue;
    }
    const conv = tryConvert(v, StringType);
    if (!conv.ok) {
      diagnostics.push(
        errorDiag(
          INVALID_INTERPOLATION,
          `Cannot include the given value in a string template: ${conv.message}.`,
          part.range,
          expr.range,
        ),
      );
      continue;
    }
    if (known && !hasErrors(diagnostics)) text += conv.value.asString();
  }
  const value = known ? Value.string(text) : Value.unknown(StringType);
  return { value: marks.applyTo(value), diagnostics };
}

function emptyTemplateAt(at: TemplateExpr | TemplateIfExpr): TemplateExpr {
  const range = rangeEndOf(at.range);
  return {
    kind: 'Template',
    parts: [{ kind: 'LiteralValue', value: { type: 'string', value: '' }, range }],
    heredoc: false,
    range,
  };
}

export function evaluateTemplateIf(expr: TemplateIfExpr, ctx: EvalContext | undefined): EvalResult {
  return evaluateConditional(
    {
      kind: 'Conditional',
      condition: expr.condition,
      trueResult: expr.trueTemplate,
      falseResult: expr.falseTemplate ?? emptyTemplateAt(expr.trueTemplate),
      range: expr.range,
    },
    ctx,
  );
}

export function evaluateTemplateFor(expr: TemplateForExpr, ctx: EvalContext | undefined): EvalResult {
  const forExpr: ForExpr = {
    kind: 'For',
    keyVar: expr.keyVar,
    valueVar: expr.valueVar,
    collection: expr.collection,
    valueExpr: expr.body,
    group: false,
    range: expr.range,
    openRange: expr.range,
    closeRange: expr.range,
  };
  const r = evaluateFor(forExpr, ctx);
  return joinResults(r, expr);
}

/** Concatenates the strings a template `for` produced (hclsyntax TemplateJoinExpr). */
function joinResults(r: EvalResult, expr: Expression): EvalResult {
  const diagnostics = [...r.diagnostics];
  const unknown = (marks: Iterable<string> = []): EvalResult => ({
    value: Value.unknown(StringType).withMarks(marks),
    diagnostics,
  });
  if (r.value.type.kind === 'dynamic' || !r.value.isKnown()) return unknown();
  const marks = new MarkSet();
  const tuple = marks.take(r.value);
  let text = '';
  for (const el of tuple.elements()) {
    if (el.isNull()) {
      diagnostics.push(
        errorDiag(
          INVALID_INTERPOLATION,
          'An iteration result is null. Cannot include a null value in a string template.',
          expr.range,
        ),
      );
      continue;
    }
    if (el.type.kind === 'dynamic') return unknown(r.value.marks);
    const conv = tryConvert(el, StringType);
    if (!conv.ok) {
      diagnostics.push(
        errorDiag(
          INVALID_INTERPOLATION,
          `Cannot include one of the interpolation results into the string template: ${conv.message}.`,
          expr.range,
        ),
      );
      continue;
    }
    if (!el.isKnown()) return unknown(r.value.marks);
    text += marks.take(conv.value).asString();
  }
  return { value: marks.applyTo(Value.string(text)), diagnostics };
}
