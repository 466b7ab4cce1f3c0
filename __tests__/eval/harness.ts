import type { Diagnostic } from '../../src/hcl/diagnostics';
import type { Expression } from '../../src/hcl/syntax/ast';
import { EvalContext } from '../../src/eval/context';
import { evaluate } from '../../src/eval/evaluate';
import type { FunctionSpec } from '../../src/eval/functions/function';
import { FunctionError } from '../../src/eval/functions/function';
import { NumberType, StringType } from '../../src/values/types';
import { Value } from '../../src/values/value';

/** A couple of functions with cty's parameter rules, enough to exercise calls. */
export const testFunctions = new Map<string, FunctionSpec>([
  [
    'upper',
    {
      params: [{ name: 'str', type: StringType }],
      returnType: () => StringType,
      impl: (args) => Value.string(args[0].asString().toUpperCase()),
    },
  ],
  [
    'add',
    {
      params: [],
      varParam: { name: 'numbers', type: NumberType },
      returnType: () => NumberType,
      impl: (args) => Value.number(args.reduce((a, v) => a.plus(v.asNumber()), Value.number(0).asNumber())),
    },
  ],
  [
    'fail',
    {
      params: [{ name: 'message', type: StringType }],
      returnType: () => StringType,
      impl: (args) => {
        throw new FunctionError(args[0].asString());
      },
    },
  ],
]);

export function ctxWith(variables: Record<string, Value> = {}): EvalContext {
  return new EvalContext({ variables, functions: testFunctions });
}

/** Pass NO_CONTEXT to evaluate with no EvalContext at all. */
export const NO_CONTEXT = null;
type Ctx = EvalContext | typeof NO_CONTEXT;
const resolve = (ctx: Ctx): EvalContext | undefined => ctx ?? undefined;

export function ev(expr: Expression, ctx: Ctx = ctxWith()): { value: Value; diagnostics: Diagnostic[] } {
  return evaluate(expr, resolve(ctx));
}

/** Evaluates and requires no diagnostics. */
export function val(expr: Expression, ctx: Ctx = ctxWith()): Value {
  const r = evaluate(expr, resolve(ctx));
  expect(r.diagnostics.map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
  return r.value;
}

export function summaries(expr: Expression, ctx: Ctx = ctxWith()): string[] {
  return evaluate(expr, resolve(ctx)).diagnostics.map((d) => d.summary);
}

export function details(expr: Expression, ctx: Ctx = ctxWith()): string[] {
  return evaluate(expr, resolve(ctx)).diagnostics.map((d) => d.detail);
}
