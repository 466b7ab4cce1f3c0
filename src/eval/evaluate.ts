/**
 * Evaluation of HCL native-syntax expressions (hclsyntax Expression.Value): each node kind yields
 * a value plus diagnostics. Unknown values and marks propagate as in HCL/cty; errors never throw.
 */
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { type Range, rangeBetween } from '../hcl/pos';
import type { Expression, ObjectConsExpr, ObjectConsKeyExpr, TupleConsExpr } from '../hcl/syntax/ast';
import { StringType } from '../values/types';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { evaluateConditional } from './conditional';
import { evaluateFor } from './for';
import { evaluateFunctionCall } from './function-call';
import { evaluateBinaryOp, evaluateUnaryOp } from './operators';
import { evaluateSplat } from './splat';
import { evaluateTemplate, evaluateTemplateFor, evaluateTemplateIf } from './templates';
import { type EvalResult, index, literalValue, traverseAbs, traverseRel } from './traversal';
import { MarkSet, tryConvert } from './value-ops';
import { TOO_DEEP_DETAIL, TOO_DEEP_SUMMARY, isStackOverflow } from '../text/stack-depth';

export type { EvalResult } from './traversal';

/** Whether an evaluation is under way further up the stack (only the outermost one catches). */
let evaluating = false;

export function evaluate(expr: Expression, ctx: EvalContext | undefined): EvalResult {
  if (evaluating) return evaluateNode(expr, ctx);
  evaluating = true;
  try {
    return evaluateNode(expr, ctx);
  } catch (e) {
    // Too deep for the stack (src/text/stack-depth.ts): the whole expression fails, with its range.
    if (!isStackOverflow(e)) throw e;
    return {
      value: Value.DynamicUnknown,
      diagnostics: [errorDiag(TOO_DEEP_SUMMARY, TOO_DEEP_DETAIL, expr.range)],
    };
  } finally {
    evaluating = false;
  }
}

function evaluateNode(expr: Expression, ctx: EvalContext | undefined): EvalResult {
  switch (expr.kind) {
    case 'LiteralValue':
      return { value: literalValue(expr.value), diagnostics: [] };
    case 'Template':
      return evaluateTemplate(expr, ctx);
    case 'TemplateWrap':
      // A template that is just one interpolation yields that value unchanged, not a string.
      return evaluate(expr.wrapped, ctx);
    case 'TemplateIf':
      return evaluateTemplateIf(expr, ctx);
    case 'TemplateFor':
      return evaluateTemplateFor(expr, ctx);
    case 'ScopeTraversal':
      return traverseAbs(expr.traversal, ctx);
    case 'RelativeTraversal': {
      const src = evaluate(expr.source, ctx);
      const r = traverseRel(src.value, expr.traversal);
      return { value: r.value, diagnostics: [...src.diagnostics, ...r.diagnostics] };
    }
    case 'FunctionCall':
      return evaluateFunctionCall(expr, ctx);
    case 'Conditional':
      return evaluateConditional(expr, ctx);
    case 'BinaryOp':
      return evaluateBinaryOp(expr, ctx);
    case 'UnaryOp':
      return evaluateUnaryOp(expr, ctx);
    case 'TupleCons':
      return evaluateTuple(expr, ctx);
    case 'ObjectCons':
      return evaluateObject(expr, ctx);
    case 'ObjectConsKey':
      return evaluateObjectKey(expr, ctx);
    case 'For':
      return evaluateFor(expr, ctx);
    case 'Index': {
      const coll = evaluate(expr.collection, ctx);
      const key = evaluate(expr.key, ctx);
      const r = index(coll.value, key.value, expr.bracketRange);
      return { value: r.value, diagnostics: [...coll.diagnostics, ...key.diagnostics, ...r.diagnostics] };
    }
    case 'Splat':
      return evaluateSplat(expr, ctx);
    case 'AnonSymbol':
      // Only meaningful inside a splat, which binds it; anywhere else it is simply unknown.
      return { value: ctx?.symbolValue(expr) ?? Value.DynamicUnknown, diagnostics: [] };
    case 'Parentheses':
      return evaluate(expr.expr, ctx);
    case 'Invalid':
      // The parser already reported the syntax error this placeholder stands for.
      return { value: Value.DynamicUnknown, diagnostics: [] };
  }
}

/**
 * hclsyntax's StartRange: the part of an expression a diagnostic about the expression as a whole
 * should point at (e.g. a function call's name and open parenthesis rather than all its arguments).
 */
export function startRange(expr: Expression): Range {
  switch (expr.kind) {
    case 'Template':
      return expr.parts.length > 0 ? startRange(expr.parts[0]) : expr.range;
    case 'TemplateIf':
      return startRange(expr.condition);
    case 'FunctionCall':
      return rangeBetween(expr.nameRange, expr.openParenRange);
    case 'Conditional':
      return startRange(expr.condition);
    case 'BinaryOp':
      return startRange(expr.lhs);
    case 'UnaryOp':
      return expr.opRange;
    case 'TupleCons':
    case 'ObjectCons':
    case 'For':
      return expr.openRange;
    case 'ObjectConsKey':
      return startRange(expr.wrapped);
    case 'Index':
      return expr.bracketRange;
    case 'Splat':
      return expr.markerRange;
    case 'Parentheses':
      return startRange(expr.expr);
    default:
      return expr.range;
  }
}

function evaluateTuple(expr: TupleConsExpr, ctx: EvalContext | undefined): EvalResult {
  const diagnostics: Diagnostic[] = [];
  const values = expr.exprs.map((e) => {
    const r = evaluate(e, ctx);
    diagnostics.push(...r.diagnostics);
    return r.value;
  });
  return { value: Value.tuple(values), diagnostics };
}

function evaluateObject(expr: ObjectConsExpr, ctx: EvalContext | undefined): EvalResult {
  const diagnostics: Diagnostic[] = [];
  const marks = new MarkSet();
  const attrs = new Map<string, Value>();
  // Any key that cannot be determined leaves the object's type unknown, but every item is still
  // evaluated so that all problems are reported at once.
  let known = true;
  for (const item of expr.items) {
    const key = evaluate(item.key, ctx);
    diagnostics.push(...key.diagnostics);
    const val = evaluate(item.value, ctx);
    diagnostics.push(...val.diagnostics);
    if (hasErrors(key.diagnostics)) {
      known = false;
      continue;
    }
    if (key.value.isNull()) {
      // HCL points this one at the value expression.
      diagnostics.push(errorDiag('Null value as key', "Can't use a null value as a key.", item.value.range));
      known = false;
      continue;
    }
    const conv = tryConvert(marks.take(key.value), StringType);
    if (!conv.ok) {
      diagnostics.push(
        errorDiag('Incorrect key type', `Can't use this value as a key: ${conv.message}.`, item.key.range),
      );
      known = false;
      continue;
    }
    if (!conv.value.isKnown()) {
      known = false;
      continue;
    }
    // Duplicate keys are not an error in the native syntax: the last one wins, as in HCL.
    attrs.set(conv.value.unmark()[0].asString(), val.value);
  }
  if (!known) return { value: Value.DynamicUnknown, diagnostics };
  return { value: marks.applyTo(Value.object(attrs)), diagnostics };
}

/** The keyword a bare key stands for (`foo = 1`, `null = 1`), or undefined if it must be evaluated. */
function keywordOf(expr: Expression): string | undefined {
  if (expr.kind === 'ScopeTraversal' && expr.traversal.length === 1 && expr.traversal[0].kind === 'root') {
    return expr.traversal[0].name;
  }
  if (expr.kind === 'LiteralValue') {
    if (expr.value.type === 'null') return 'null';
    if (expr.value.type === 'bool') return expr.value.value ? 'true' : 'false';
  }
  return undefined;
}

function evaluateObjectKey(expr: ObjectConsKeyExpr, ctx: EvalContext | undefined): EvalResult {
  if (!expr.forceNonLiteral) {
    // A dotted bare key could mean a reference or a literal name with dots; HCL refuses to guess.
    if (expr.wrapped.kind === 'ScopeTraversal' && expr.wrapped.traversal.length > 1) {
      return {
        value: Value.DynamicUnknown,
        diagnostics: [
          errorDiag(
            'Ambiguous attribute key',
            "If this expression is intended to be a reference, wrap it in parentheses. If it's instead intended as a literal name containing periods, wrap it in quotes to create a string literal.",
            expr.range,
          ),
        ],
      };
    }
    const kw = keywordOf(expr.wrapped);
    if (kw !== undefined) return { value: Value.string(kw), diagnostics: [] };
  }
  return evaluate(expr.wrapped, ctx);
}
