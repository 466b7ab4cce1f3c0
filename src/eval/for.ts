/**
 * `[for k, v in coll : v if cond]` and `{for k, v in coll : k => v... if cond}`, as hclsyntax
 * ForExpr. Any unknown key or condition makes the whole result unknown, but iteration continues so
 * that every element's diagnostics are reported.
 */
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { Expression, ForExpr } from '../hcl/syntax/ast';
import { BoolType, StringType, friendlyName } from '../values/types';
import { Value } from '../values/value';
import { EvalContext } from './context';
import { goQuote as quote } from '../text/go-quote';
import { evaluate } from './evaluate';
import type { EvalResult } from './traversal';
import { MarkSet, tryConvert } from './value-ops';

/** The (key, value) pairs a for expression iterates: index or map key, and element. */
export function iterationPairs(coll: Value): [Value, Value][] {
  switch (coll.type.kind) {
    case 'list':
    case 'tuple':
      return coll.elements().map((v, i) => [Value.number(i), v]);
    case 'set':
      // A set element has no key other than itself.
      return coll.elements().map((v) => [v, v]);
    case 'map':
    case 'object':
      return [...coll.entries()].map(([k, v]) => [Value.string(k), v]);
    default:
      throw new Error(`cannot iterate ${coll.type.kind}`);
  }
}

function canIterate(v: Value): boolean {
  return ['list', 'tuple', 'set', 'map', 'object'].includes(v.type.kind);
}

function iteratorScope(expr: ForExpr, ctx: EvalContext | undefined, key: Value, value: Value): EvalContext {
  const vars: Record<string, Value> = {};
  if (expr.keyVar !== undefined) vars[expr.keyVar] = key;
  vars[expr.valueVar] = value;
  return (ctx ?? new EvalContext()).child(vars);
}

type Include = 'yes' | 'no' | 'unknown' | 'invalid';

export function evaluateFor(expr: ForExpr, ctx: EvalContext | undefined): EvalResult {
  const diagnostics: Diagnostic[] = [];
  const marks = new MarkSet();
  const collRes = evaluate(expr.collection, ctx);
  diagnostics.push(...collRes.diagnostics);
  const dyn = (): EvalResult => ({ value: Value.DynamicUnknown, diagnostics });

  if (collRes.value.isNull()) {
    diagnostics.push(
      errorDiag(
        'Iteration over null value',
        "A null value cannot be used as the collection in a 'for' expression.",
        expr.collection.range,
        expr.range,
      ),
    );
    return dyn();
  }
  if (collRes.value.type.kind === 'dynamic') return dyn();
  const coll = marks.take(collRes.value);
  if (!canIterate(coll)) {
    diagnostics.push(
      errorDiag(
        'Iteration over non-iterable value',
        `A value of type ${friendlyName(coll.type)} cannot be used as the collection in a 'for' expression.`,
        expr.collection.range,
        expr.range,
      ),
    );
    return dyn();
  }

  // An early check of the condition with unknown iterators catches a wrongly-typed condition
  // once, rather than once per element.
  let probeMarks: ReadonlySet<string> = new Set();
  if (expr.condition) {
    const probe = evaluate(
      expr.condition,
      iteratorScope(expr, ctx, Value.DynamicUnknown, Value.DynamicUnknown),
    );
    diagnostics.push(...probe.diagnostics);
    if (probe.value.isNull()) {
      diagnostics.push(
        errorDiag(
          'Condition is null',
          "The value of the 'if' clause must not be null.",
          expr.condition.range,
          expr.range,
        ),
      );
      return dyn();
    }
    probeMarks = probe.value.marks;
    const conv = tryConvert(probe.value, BoolType);
    if (!conv.ok) {
      diagnostics.push(
        errorDiag(
          "Invalid 'for' condition",
          `The 'if' clause value is invalid: ${conv.message}.`,
          expr.condition.range,
          expr.range,
        ),
      );
      return dyn();
    }
    if (hasErrors(probe.diagnostics)) return dyn();
  }

  if (!coll.isKnown()) {
    marks.add(probeMarks);
    return { value: marks.applyTo(Value.DynamicUnknown), diagnostics };
  }

  let known = true;
  /** Evaluates the if clause for one element, reporting problems only while the result is still known. */
  const include = (cond: Expression, scope: EvalContext): Include => {
    const r = evaluate(cond, scope);
    diagnostics.push(...r.diagnostics);
    if (r.value.isNull()) {
      if (known) {
        diagnostics.push(
          errorDiag(
            "Invalid 'for' condition",
            "The value of the 'if' clause must not be null.",
            cond.range,
            expr.range,
          ),
        );
      }
      return 'invalid';
    }
    const raw = marks.take(r.value);
    if (!raw.isKnown()) return 'unknown';
    const conv = tryConvert(raw, BoolType);
    if (!conv.ok) {
      if (known) {
        diagnostics.push(
          errorDiag(
            "Invalid 'for' condition",
            `The 'if' clause value is invalid: ${conv.message}.`,
            cond.range,
            expr.range,
          ),
        );
      }
      return 'invalid';
    }
    return conv.value.unmark()[0].asBool() ? 'yes' : 'no';
  };

  /** The scope for one element, or undefined when the if clause leaves it out or cannot decide. */
  const includedScope = (k: Value, v: Value): EvalContext | undefined => {
    const scope = iteratorScope(expr, ctx, k, v);
    if (!expr.condition) return scope;
    const inc = include(expr.condition, scope);
    if (inc === 'invalid' || inc === 'unknown') known = false;
    return inc === 'yes' ? scope : undefined;
  };

  const pairs = iterationPairs(coll);
  if (expr.keyExpr) {
    const keyExpr = expr.keyExpr;
    const single = new Map<string, Value>();
    const groups = new Map<string, Value[]>();
    for (const [k, v] of pairs) {
      const scope = includedScope(k, v);
      if (!scope) continue;
      const keyRes = evaluate(keyExpr, scope);
      diagnostics.push(...keyRes.diagnostics);
      if (keyRes.value.isNull()) {
        if (known) {
          diagnostics.push(
            errorDiag(
              'Invalid object key',
              "Key expression in 'for' expression must not produce a null value.",
              keyExpr.range,
              expr.range,
            ),
          );
        }
        known = false;
        continue;
      }
      const keyRaw = marks.take(keyRes.value);
      if (!keyRaw.isKnown()) {
        known = false;
        continue;
      }
      const keyConv = tryConvert(keyRaw, StringType);
      if (!keyConv.ok) {
        if (known) {
          diagnostics.push(
            errorDiag(
              'Invalid object key',
              `The key expression produced an invalid result: ${keyConv.message}.`,
              keyExpr.range,
              expr.range,
            ),
          );
        }
        known = false;
        continue;
      }
      const key = keyConv.value.unmark()[0].asString();
      const valRes = evaluate(expr.valueExpr, scope);
      diagnostics.push(...valRes.diagnostics);
      if (expr.group) {
        const g = groups.get(key);
        if (g) g.push(valRes.value);
        else groups.set(key, [valRes.value]);
      } else if (single.has(key)) {
        diagnostics.push(
          errorDiag(
            'Duplicate object key',
            `Two different items produced the key ${quote(key)} in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`,
            keyExpr.range,
            expr.range,
          ),
        );
      } else {
        single.set(key, valRes.value);
      }
    }
    if (!known) return { value: marks.applyTo(Value.DynamicUnknown), diagnostics };
    if (expr.group) {
      const obj = new Map<string, Value>();
      for (const [k, vs] of groups) obj.set(k, Value.tuple(vs));
      return { value: marks.applyTo(Value.object(obj)), diagnostics };
    }
    return { value: marks.applyTo(Value.object(single)), diagnostics };
  }

  const values: Value[] = [];
  for (const [k, v] of pairs) {
    const scope = includedScope(k, v);
    if (!scope) continue;
    const valRes = evaluate(expr.valueExpr, scope);
    diagnostics.push(...valRes.diagnostics);
    values.push(valRes.value);
  }
  if (!known) return { value: marks.applyTo(Value.DynamicUnknown), diagnostics };
  return { value: marks.applyTo(Value.tuple(values)), diagnostics };
}
