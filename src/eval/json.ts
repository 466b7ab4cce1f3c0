/**
 * Evaluation of expressions written in HCL's JSON syntax, as hcl/json does it: with an evaluation
 * context every string (and every object key) is a template in the native syntax; without one
 * (a nil EvalContext in hcl) strings are taken literally. Numbers keep their exact decimal value,
 * arrays become tuples and objects become object values.
 */
import type { ExpressionScope, SyntaxExpression } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { JsonObject, JsonString, JsonValue } from '../hcl/json/ast';
import { jsonStartRange } from '../hcl/json/ast';
import { formatRange, type Pos, type Range } from '../hcl/pos';
import { goQuote } from '../text/go-quote';
import { TOO_DEEP_DETAIL, TOO_DEEP_SUMMARY, isStackOverflow } from '../text/stack-depth';
import type { Expression, Traverser } from '../hcl/syntax/ast';
import { parseTemplate } from '../hcl/syntax/parser';
import { StringType } from '../values/types';
import { Value } from '../values/value';
import { EvalContext } from './context';
import { type EvalResult, evaluate } from './evaluate';
import { tryConvert } from './value-ops';
import { variablesIn } from './variables';

export { absTraversalForExpr, exprAsKeyword, exprList, literalString } from '../hcl/static-expr';

/**
 * The scope of a 'scoped' expression (see SyntaxExpression): variables added to whatever context
 * the expression is evaluated in, and marks added to its result. dynblock makes these for the
 * arguments of the blocks it generates; `unknown` stands for hcl's unknownBody, whose arguments
 * are all unknown because the dynamic block's for_each was.
 */
export class BoundVariables implements ExpressionScope {
  readonly boundNames: readonly string[];

  constructor(
    readonly variables: Readonly<Record<string, Value>>,
    readonly marks: ReadonlySet<string> = new Set(),
    readonly unknown = false,
  ) {
    this.boundNames = Object.keys(variables);
  }
}

/** Wraps an expression so that it evaluates with the scope's variables and marks. */
export function scopedExpression(inner: SyntaxExpression, scope: BoundVariables): SyntaxExpression {
  return { syntax: 'scoped', inner, scope };
}

function boundVariables(scope: ExpressionScope): BoundVariables {
  if (scope instanceof BoundVariables) return scope;
  throw new Error('scoped expression with a scope src/eval did not create');
}

/** Evaluates an expression of either syntax. */
export function evaluateSyntaxExpression(e: SyntaxExpression, ctx: EvalContext | undefined): EvalResult {
  switch (e.syntax) {
    case 'native':
      return evaluate(e.expr, ctx);
    case 'json':
      return evaluateJSONGuarded(e.value, ctx);
    case 'literal':
      // A legacy JSON value reads like hcl/json with no context: every string is taken literally.
      return evaluateJSONGuarded(e.value, undefined);
    case 'scoped': {
      const scope = boundVariables(e.scope);
      if (scope.unknown) return ok(Value.DynamicUnknown.withMarks(scope.marks));
      // As hcl's EvalContext.NewChild on a nil context: the scope's variables are then the only ones.
      const inner = scope.boundNames.length > 0 ? (ctx ?? new EvalContext()).child(scope.variables) : ctx;
      const r = evaluateSyntaxExpression(e.inner, inner);
      return { value: r.value.withMarks(scope.marks), diagnostics: r.diagnostics };
    }
  }
}

/** evaluateJSON, with a value too deep for the stack as a diagnostic (src/text/stack-depth.ts). */
function evaluateJSONGuarded(v: JsonValue, ctx: EvalContext | undefined): EvalResult {
  try {
    return evaluateJSON(v, ctx);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return {
      value: Value.DynamicUnknown,
      diagnostics: [errorDiag(TOO_DEEP_SUMMARY, TOO_DEEP_DETAIL, jsonStartRange(v))],
    };
  }
}

/** The traversals (variable references) an expression of either syntax makes. */
export function syntaxExpressionVariables(e: SyntaxExpression): (readonly Traverser[])[] {
  switch (e.syntax) {
    case 'native':
      return variablesIn(e.expr);
    case 'json':
      return jsonVariables(e.value);
    case 'literal':
      return [];
    case 'scoped': {
      const scope = boundVariables(e.scope);
      if (scope.unknown) return [];
      // References to the scope's own variables need nothing from the caller.
      return syntaxExpressionVariables(e.inner).filter(
        (t) => t[0]?.kind !== 'root' || !scope.boundNames.includes(t[0].name),
      );
    }
  }
}

export function evaluateJSON(v: JsonValue, ctx: EvalContext | undefined): EvalResult {
  switch (v.kind) {
    case 'string':
      return evaluateJSONString(v, ctx);
    case 'number':
      return ok(Value.number(v.value));
    case 'bool':
      return ok(Value.bool(v.value));
    case 'null':
      return ok(Value.DynamicNull);
    case 'array': {
      const diagnostics: Diagnostic[] = [];
      const elements = v.elements.map((e) => {
        const r = evaluateJSON(e, ctx);
        diagnostics.push(...r.diagnostics);
        return r.value;
      });
      return { value: Value.tuple(elements), diagnostics };
    }
    case 'object':
      return evaluateJSONObject(v, ctx);
    case 'invalid':
      // Already reported by the parser; unknown lets evaluation of the rest go on.
      return ok(Value.DynamicUnknown);
  }
}

function ok(value: Value): EvalResult {
  return { value, diagnostics: [] };
}

/**
 * Parses a JSON string's (unescaped) value as a template. As in hcl, positions start just after the
 * opening quote and cannot account for escape sequences removed by JSON decoding, so they drift
 * right of an escape on the same line.
 */
function templateOf(s: JsonString): { expr?: Expression; diagnostics: Diagnostic[] } {
  const start: Pos = {
    line: s.range.start.line,
    column: s.range.start.column + 1,
    byte: s.range.start.byte + 1,
  };
  const r = parseTemplate(s.value, s.range.filename, start);
  return hasErrors(r.diagnostics)
    ? { diagnostics: [...r.diagnostics] }
    : { expr: r.expr, diagnostics: [...r.diagnostics] };
}

function evaluateJSONString(s: JsonString, ctx: EvalContext | undefined): EvalResult {
  if (!ctx) return ok(Value.string(s.value));
  const t = templateOf(s);
  if (!t.expr) return { value: Value.DynamicUnknown, diagnostics: t.diagnostics };
  const r = evaluate(t.expr, ctx);
  return { value: r.value, diagnostics: [...t.diagnostics, ...r.diagnostics] };
}

function evaluateJSONObject(obj: JsonObject, ctx: EvalContext | undefined): EvalResult {
  const diagnostics: Diagnostic[] = [];
  const attrs = new Map<string, Value>();
  const defined = new Map<string, Range>();
  let keysKnown = true;
  for (const prop of obj.properties) {
    // Keys are templates too (when evaluating with a context), like native object constructor keys.
    const key = evaluateJSONString({ kind: 'string', value: prop.name, range: prop.nameRange }, ctx);
    const val = evaluateJSON(prop.value, ctx);
    diagnostics.push(...key.diagnostics, ...val.diagnostics);
    const converted = tryConvert(key.value, StringType);
    if (!converted.ok) {
      diagnostics.push(
        errorDiag(
          'Invalid object key expression',
          `Cannot use this expression as an object key: ${converted.message}.`,
          prop.nameRange,
        ),
      );
      continue;
    }
    const name = converted.value;
    if (name.isNull()) {
      diagnostics.push(
        errorDiag('Invalid object key expression', 'Cannot use null value as an object key.', prop.nameRange),
      );
      continue;
    }
    if (!name.isKnown()) {
      // Without the key the object's type is unknown; keep going to collect other errors.
      keysKnown = false;
      continue;
    }
    const nameStr = name.unmark()[0].asString();
    const previous = defined.get(nameStr);
    if (previous) {
      diagnostics.push(
        errorDiag(
          'Duplicate object attribute',
          `An attribute named ${goQuote(nameStr)} was already defined at ${formatRange(previous)}.`,
          prop.nameRange,
        ),
      );
      continue;
    }
    attrs.set(nameStr, val.value);
    defined.set(nameStr, prop.nameRange);
  }
  return { value: keysKnown ? Value.object(attrs) : Value.DynamicUnknown, diagnostics };
}

function jsonVariables(v: JsonValue): (readonly Traverser[])[] {
  switch (v.kind) {
    case 'string': {
      const t = templateOf(v);
      return t.expr ? variablesIn(t.expr) : [];
    }
    case 'array':
      return v.elements.flatMap(jsonVariables);
    case 'object':
      return v.properties.flatMap((p) => [
        ...jsonVariables({ kind: 'string', value: p.name, range: p.nameRange }),
        ...jsonVariables(p.value),
      ]);
    default:
      return [];
  }
}
