import { jsonBody } from '../../src/hcl/json/body';
import { parseJSON } from '../../src/hcl/json/parser';
import { EvalContext } from '../../src/eval/context';
import { tryConvert } from '../../src/eval/value-ops';
import { builtinRegistry } from '../../src/components/catalog';
import { decodeComponentConfig } from '../../src/schema/decode';
import { weaklyTyped } from '../../src/schema/weak-input';
import { toJSONValue } from '../../src/values/json';
import { BoolType, NumberType, StringType, type Type, listOf, mapOf, setOf } from '../../src/values/types';
import { Value } from '../../src/values/value';

function fit(v: Value, t: Type): unknown {
  const c = tryConvert(weaklyTyped(v, t), t);
  return c.ok ? JSON.parse(toJSONValue(c.value)) : `! ${c.message}`;
}

describe("mapstructure's weak input for legacy JSON values", () => {
  it('splits strings on commas for lists and sets, lifts single values', () => {
    expect(fit(Value.string('a,b,,c'), listOf(StringType))).toEqual(['a', 'b', '', 'c']);
    expect(fit(Value.string(''), listOf(StringType))).toEqual([]);
    expect(fit(Value.string('x'), setOf(StringType))).toEqual(['x']);
    expect(fit(Value.number(5), listOf(StringType))).toEqual(['5']);
    expect(fit(Value.object({}), listOf(StringType))).toEqual([]);
    expect(fit(Value.tuple([Value.bool(true), Value.number(2)]), listOf(StringType))).toEqual(['1', '2']);
  });

  it('reads bools and numbers as Go does', () => {
    expect(fit(Value.string('1'), BoolType)).toBe(true);
    expect(fit(Value.string('F'), BoolType)).toBe(false);
    expect(fit(Value.string(''), BoolType)).toBe(false);
    expect(fit(Value.number(0), BoolType)).toBe(false);
    expect(fit(Value.number(-2), BoolType)).toBe(true);
    expect(fit(Value.string('maybe'), BoolType)).toBe('! a bool is required');
    expect(fit(Value.string(''), NumberType)).toBe(0);
    expect(fit(Value.bool(true), NumberType)).toBe(1);
    expect(fit(Value.string('20'), NumberType)).toBe(20);
    expect(fit(Value.bool(false), StringType)).toBe('0');
  });

  it('applies inside maps, and leaves what it cannot help to cty', () => {
    expect(fit(Value.object({ a: Value.bool(true), b: Value.number(1) }), mapOf(StringType))).toEqual({
      a: '1',
      b: '1',
    });
    expect(fit(Value.object({ a: Value.string('x') }), listOf(StringType))).toMatch(/^! /);
    expect(weaklyTyped(Value.DynamicNull, listOf(StringType))).toBe(Value.DynamicNull);
  });

  it('is not applied to HCL2 templates (JSON syntax): their values are typed', () => {
    const schema = builtinRegistry().get('builder', 'docker');
    if (!schema) throw new Error('no docker');
    const parsed = parseJSON('{"image": "ubuntu", "commit": "T", "changes": "ENV A b"}', 'x.pkr.json');
    const d = decodeComponentConfig(schema, jsonBody(parsed.root, 'x.pkr.json').body, new EvalContext({}));
    expect(d.diagnostics.map((x) => x.detail)).toEqual([
      'Inappropriate value for attribute "changes": list of string required.',
      'Inappropriate value for attribute "commit": a bool is required.',
    ]);
  });
});
