import { arityProblem, callFunction, parameterFor } from '../../../src/eval/functions/call';
import {
  FunctionArgError,
  FunctionError,
  type FunctionSpec,
  type Parameter,
} from '../../../src/eval/functions/function';
import { DynamicType, NumberType, StringType, listOf } from '../../../src/values/types';
import { Value } from '../../../src/values/value';

/** upper(str) plus any number of numeric suffixes joined with "-". */
function makeSpec(
  over: Partial<Parameter> = {},
  varOver?: Partial<Parameter>,
): { spec: FunctionSpec; calls: Value[][] } {
  const calls: Value[][] = [];
  const spec: FunctionSpec = {
    params: [{ name: 'str', type: StringType, ...over }],
    varParam: varOver ? { name: 'nums', type: NumberType, ...varOver } : undefined,
    returnType: () => StringType,
    impl: (args) => {
      calls.push([...args]);
      const s = args[0].isNull() ? 'null' : args[0].isKnown() ? args[0].asString().toUpperCase() : '?';
      return Value.string([s, ...args.slice(1).map((a) => a.asNumber().toString())].join('-'));
    },
  };
  return { spec, calls };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('callFunction', () => {
  test('converts arguments to parameter types', () => {
    const { spec, calls } = makeSpec({}, {});
    const r = callFunction(spec, [Value.number(5), Value.string('7')]);
    expect(r.asString()).toBe('5-7');
    expect(calls[0][1].type).toEqual(NumberType);
  });

  test('conversion failure is a FunctionArgError with the index and cty message', () => {
    const { spec } = makeSpec({}, {});
    const e = thrown(() => callFunction(spec, [Value.string('a'), Value.number(1), Value.string('x')]));
    expect(e).toBeInstanceOf(FunctionArgError);
    expect((e as FunctionArgError).argIndex).toBe(2);
    expect((e as FunctionArgError).message).toBe('a number is required');
    const e2 = thrown(() => callFunction(spec, [Value.list([Value.string('a')])]));
    expect((e2 as FunctionArgError).message).toBe('string required');
  });

  test('wrong argument counts use cty wording', () => {
    const fixed = makeSpec().spec;
    expect((thrown(() => callFunction(fixed, [])) as FunctionError).message).toBe(
      'wrong number of arguments (1 required; 0 given)',
    );
    expect(thrown(() => callFunction(fixed, [Value.string('a'), Value.string('b')]))).toBeInstanceOf(
      FunctionError,
    );
    const variadic = makeSpec({}, {}).spec;
    expect((thrown(() => callFunction(variadic, [])) as FunctionError).message).toBe(
      'wrong number of arguments (at least 1 required; 0 given)',
    );
  });

  test('null arguments are rejected unless allowNull', () => {
    const { spec } = makeSpec();
    const e = thrown(() => callFunction(spec, [Value.nullOf(StringType)]));
    expect(e).toBeInstanceOf(FunctionArgError);
    expect((e as Error).message).toBe('argument must not be null');
    expect(callFunction(makeSpec({ allowNull: true }).spec, [Value.DynamicNull]).asString()).toBe('null');
  });

  test('unknown argument gives an unknown result without calling impl', () => {
    const { spec, calls } = makeSpec();
    const r = callFunction(spec, [Value.unknown(StringType)]);
    expect(r.isKnown()).toBe(false);
    expect(r.type).toEqual(StringType);
    expect(calls).toHaveLength(0);
    const allowed = makeSpec({ allowUnknown: true });
    expect(callFunction(allowed.spec, [Value.unknown(StringType)]).asString()).toBe('?');
  });

  test('dynamic-typed argument gives a dynamic unknown unless allowDynamicType', () => {
    const spec: FunctionSpec = {
      params: [{ name: 'v', type: DynamicType, allowUnknown: true }],
      returnType: () => listOf(StringType),
      impl: () => Value.list([Value.string('ran')]),
    };
    const r = callFunction(spec, [Value.DynamicUnknown]);
    expect(r.isKnown()).toBe(false);
    expect(r.type).toEqual(DynamicType);
    const allow: FunctionSpec = { ...spec, params: [{ ...spec.params[0], allowDynamicType: true }] };
    expect(callFunction(allow, [Value.DynamicUnknown]).isKnown()).toBe(true);
  });

  test('marks are stripped before impl and re-applied to the result', () => {
    const { spec, calls } = makeSpec({}, {});
    const r = callFunction(spec, [Value.string('a').mark('sensitive'), Value.number(1)]);
    expect(r.isSensitive()).toBe(true);
    expect(calls[0][0].isMarked()).toBe(false);
    const allowed = makeSpec({ allowMarked: true });
    callFunction(allowed.spec, [Value.string('a').mark('sensitive')]);
    expect(allowed.calls[0][0].isSensitive()).toBe(true);
    expect(callFunction(makeSpec().spec, [Value.unknown(StringType).mark('sensitive')]).isSensitive()).toBe(
      true,
    );
  });

  test('parameterFor and arityProblem', () => {
    const { spec } = makeSpec({}, {});
    expect(parameterFor(spec, 0).name).toBe('str');
    expect(parameterFor(spec, 3).name).toBe('nums');
    expect(arityProblem('f', spec, 0)).toEqual({
      kind: 'missing',
      summary: 'Not enough function arguments',
      detail: 'Function "f" expects at least 1 argument(s). Missing value for "str".',
    });
    expect(arityProblem('f', makeSpec().spec, 2)?.detail).toBe('Function "f" expects only 1 argument(s).');
    expect(arityProblem('f', spec, 5)).toBeUndefined();
  });
});
