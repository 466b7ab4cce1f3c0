/**
 * `source[*].a` and `source.*.a`, as hclsyntax SplatExpr: `each` is evaluated once per element with
 * the splat's placeholder bound to that element. A value that is not a sequence is treated as a
 * one-element tuple, and null as an empty tuple.
 */
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { rangeBetween } from '../hcl/pos';
import type { SplatExpr } from '../hcl/syntax/ast';
import { DynamicType, type Type, listOf, tupleOf, typeEquals } from '../values/types';
import { Value } from '../values/value';
import { EvalContext } from './context';
import { evaluate } from './evaluate';
import type { EvalResult } from './traversal';
import { withSameMarks } from './value-ops';

export function evaluateSplat(expr: SplatExpr, ctx: EvalContext | undefined): EvalResult {
  const src = evaluate(expr.source, ctx);
  const diagnostics: Diagnostic[] = [...src.diagnostics];
  if (hasErrors(src.diagnostics)) return { value: Value.DynamicUnknown, diagnostics };

  let source = src.value;
  const kind = source.type.kind;
  const autoUpgrade = !(kind === 'tuple' || kind === 'list' || kind === 'set');

  if (source.isNull()) {
    if (autoUpgrade) return { value: withSameMarks(Value.tuple([]), source), diagnostics };
    diagnostics.push(
      errorDiag(
        'Splat of null value',
        'Splat expressions (with the * symbol) cannot be applied to null sequences.',
        expr.source.range,
        rangeBetween(expr.source.range, expr.markerRange),
      ),
    );
    return { value: Value.DynamicUnknown, diagnostics };
  }
  if (kind === 'dynamic') return { value: withSameMarks(Value.DynamicUnknown, source), diagnostics };

  // An unknown non-sequence might turn out null (an empty result) or not (one element), so the
  // result can only be unknown; `each` is still evaluated to check the attribute access.
  let upgradedUnknown = false;
  if (autoUpgrade) {
    upgradedUnknown = !source.isKnown();
    source = withSameMarks(Value.tuple([source]), source);
  }
  const base = ctx ?? new EvalContext();

  /** The result type, found by evaluating `each` on unknown elements of the source's element types. */
  const resultType = (): { type: Type; diagnostics: Diagnostic[] } => {
    const diags: Diagnostic[] = [];
    const eachType = (t: Type): Type => {
      const r = evaluate(expr.each, base.withSymbol(expr.item, Value.unknown(t)));
      diags.push(...r.diagnostics);
      return r.value.type;
    };
    const t = source.type;
    if (t.kind === 'list' || t.kind === 'set')
      return { type: listOf(eachType(t.element)), diagnostics: diags };
    if (t.kind === 'tuple') return { type: tupleOf(t.elements.map(eachType)), diagnostics: diags };
    return { type: DynamicType, diagnostics: diags };
  };

  if (!source.isKnown()) {
    const rt = resultType();
    diagnostics.push(...rt.diagnostics);
    return { value: withSameMarks(Value.unknown(rt.type), source), diagnostics };
  }

  const [unmarked, marks] = source.unmark();
  const values: Value[] = [];
  let known = true;
  for (const el of unmarked.elements()) {
    const r = evaluate(expr.each, base.withSymbol(expr.item, el));
    diagnostics.push(...r.diagnostics);
    if (hasErrors(r.diagnostics)) known = false;
    values.push(r.value);
  }
  const marked = (v: Value): Value => v.withMarks(marks);

  if (upgradedUnknown) return { value: marked(Value.DynamicUnknown), diagnostics };
  if (!known) return { value: marked(Value.unknown(resultType().type)), diagnostics };

  if (unmarked.type.kind === 'list' || unmarked.type.kind === 'set') {
    if (values.length === 0) {
      const rt = resultType();
      diagnostics.push(...rt.diagnostics);
      const et = rt.type.kind === 'list' ? rt.type.element : DynamicType;
      return { value: marked(Value.list([], et)), diagnostics };
    }
    if (!values.every((v) => typeEquals(v.type, values[0].type))) {
      diagnostics.push(
        errorDiag(
          'Invalid nested splat expressions',
          "The second level of splat expression produced elements of different types, so it isn't possible to construct a valid list to represent the top-level result.\n\nConsider using a for expression instead, to produce a tuple-typed result which can therefore have non-homogenous element types.",
          expr.each.range,
          expr.range,
        ),
      );
      return { value: Value.DynamicUnknown, diagnostics };
    }
    return { value: marked(Value.list(values)), diagnostics };
  }
  return { value: marked(Value.tuple(values)), diagnostics };
}
