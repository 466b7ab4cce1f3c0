/**
 * `cond ? a : b`, as hclsyntax ConditionalExpr: both results are evaluated to find a common
 * result type; the condition chooses one; an unknown condition gives an unknown of that type.
 */
import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { rangeBetween } from '../hcl/pos';
import type { ConditionalExpr } from '../hcl/syntax/ast';
import { BoolType, DynamicType, type Type, friendlyName, typeEquals } from '../values/types';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { goQuote as quote } from '../text/go-quote';
import { evaluate } from './evaluate';
import type { EvalResult } from './traversal';
import { MarkSet, tryConvert, unifyTypes } from './value-ops';

const INCONSISTENT = 'Inconsistent conditional result types';

/** A literal `null`: it converts to whatever type the other branch has. */
function isDynamicNull(v: Value): boolean {
  return v.type.kind === 'dynamic' && v.isNull() && !v.isMarked();
}

export function evaluateConditional(expr: ConditionalExpr, ctx: EvalContext | undefined): EvalResult {
  const t = evaluate(expr.trueResult, ctx);
  const f = evaluate(expr.falseResult, ctx);

  let rType: Type | undefined = DynamicType;
  if (isDynamicNull(t.value)) rType = f.value.type;
  else if (isDynamicNull(f.value)) rType = t.value.type;
  else if (t.value.type.kind !== 'dynamic' && f.value.type.kind !== 'dynamic') {
    rType = unifyTypes([t.value.type, f.value.type]);
  }
  if (!rType) {
    return {
      value: Value.DynamicUnknown,
      diagnostics: [
        errorDiag(
          INCONSISTENT,
          `The true and false result expressions must have consistent types. ${describeMismatch(t.value.type, f.value.type)}.`,
          rangeBetween(expr.trueResult.range, expr.falseResult.range),
          expr.range,
        ),
      ],
    };
  }
  const resultType = rType;

  const cond = evaluate(expr.condition, ctx);
  const diagnostics: Diagnostic[] = [...cond.diagnostics];
  if (cond.value.isNull()) {
    diagnostics.push(
      errorDiag(
        'Null condition',
        'The condition value is null. Conditions must either be true or false.',
        expr.condition.range,
        expr.range,
      ),
    );
    return { value: Value.unknown(resultType), diagnostics };
  }

  // Whichever way an unknown condition resolves, the result may carry any branch's marks.
  const marks = new MarkSet();
  const condVal = marks.take(cond.value);
  const trueVal = marks.take(t.value);
  const falseVal = marks.take(f.value);

  if (!condVal.isKnown()) {
    if (trueVal.isNull() && falseVal.isNull())
      return { value: marks.applyTo(Value.nullOf(resultType)), diagnostics };
    return { value: marks.applyTo(Value.unknown(resultType)), diagnostics };
  }

  const condConv = tryConvert(condVal, BoolType);
  if (!condConv.ok) {
    diagnostics.push(
      errorDiag(
        'Incorrect condition type',
        'The condition expression must be of type bool.',
        expr.condition.range,
        expr.range,
      ),
    );
    return { value: Value.unknown(resultType), diagnostics };
  }

  const chooseTrue = condConv.value.asBool();
  const chosen = chooseTrue ? t : f;
  let value = chooseTrue ? trueVal : falseVal;
  diagnostics.push(...chosen.diagnostics);
  if (resultType.kind !== 'dynamic' && !typeEquals(value.type, resultType)) {
    const conv = tryConvert(value, resultType);
    if (conv.ok) value = conv.value;
    else {
      const side = chooseTrue ? 'true' : 'false';
      diagnostics.push(
        errorDiag(
          INCONSISTENT,
          `The ${side} result value has the wrong type: ${conv.message}.`,
          (chooseTrue ? expr.trueResult : expr.falseResult).range,
          expr.range,
        ),
      );
      value = Value.unknown(resultType);
    }
  }
  return { value: marks.applyTo(value), diagnostics };
}

/** HCL's explanation of why two branch types have no common type. */
export function describeMismatch(trueTy: Type, falseTy: Type): string {
  if (trueTy.kind === 'object' && falseTy.kind === 'object') {
    const ta = trueTy.attributes;
    const fa = falseTy.attributes;
    for (const name of Object.keys(ta).sort()) {
      if (!Object.prototype.hasOwnProperty.call(fa, name)) {
        return `The 'true' value includes object attribute ${quote(name)}, which is absent in the 'false' value`;
      }
      if (!typeEquals(ta[name], fa[name])) {
        return `Type mismatch for object attribute ${quote(name)}: ${describeMismatch(ta[name], fa[name])}`;
      }
    }
    for (const name of Object.keys(fa).sort()) {
      if (!Object.prototype.hasOwnProperty.call(ta, name)) {
        return `The 'false' value includes object attribute ${quote(name)}, which is absent in the 'true' value`;
      }
    }
  } else if (trueTy.kind === 'tuple' && falseTy.kind === 'tuple') {
    const te = trueTy.elements;
    const fe = falseTy.elements;
    if (te.length !== fe.length) {
      return `The 'true' tuple has length ${te.length}, but the 'false' tuple has length ${fe.length}`;
    }
    for (let i = 0; i < te.length; i++) {
      if (!typeEquals(te[i], fe[i]))
        return `Type mismatch for tuple element ${i}: ${describeMismatch(te[i], fe[i])}`;
    }
  } else if (
    (trueTy.kind === 'list' || trueTy.kind === 'set' || trueTy.kind === 'map') &&
    trueTy.kind === falseTy.kind
  ) {
    const tEl = trueTy.element;
    const fEl = (falseTy as typeof trueTy).element;
    if ((tEl.kind === 'object' && fEl.kind === 'object') || (tEl.kind === 'tuple' && fEl.kind === 'tuple')) {
      return `Mismatched ${trueTy.kind} element types: ${describeMismatch(tEl, fEl)}`;
    }
  }
  const tn = friendlyName(trueTy);
  const fn = friendlyName(falseTy);
  if (tn === fn) {
    return "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value";
  }
  return `The 'true' value is ${tn}, but the 'false' value is ${fn}`;
}
