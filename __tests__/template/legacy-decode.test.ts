import { parseJSON } from '../../src/hcl/json/parser';
import type { JsonValue } from '../../src/hcl/json/ast';
import {
  decodeGoBool,
  decodeGoDuration,
  decodeGoMap,
  decodeGoString,
  decodeGoStringList,
  goFormatFloatF,
  goValueText,
} from '../../src/template/legacy-decode';

function json(src: string): JsonValue {
  const r = parseJSON(src, 't.json');
  expect(r.diagnostics).toEqual([]);
  return r.root;
}

// Messages as Packer 1.6.6 printed them for the same values (mapstructure's wording).
describe("mapstructure's decoding of legacy template values", () => {
  it('strict strings reject other types with Go type names and %v values', () => {
    expect(decodeGoString(json('"x"'), 'Name', false)).toEqual({ ok: true, value: 'x' });
    expect(decodeGoString(json('null'), 'Name', false)).toEqual({ ok: true, value: undefined });
    expect(decodeGoString(json('5'), 'Name', false)).toEqual({
      ok: false,
      problem: "'Name' expected type 'string', got unconvertible type 'float64', value: '5'",
    });
    expect(decodeGoString(json('true'), '', false)).toEqual({
      ok: false,
      problem: "'' expected type 'string', got unconvertible type 'bool', value: 'true'",
    });
    expect(decodeGoString(json('{"x": 1}'), '', false)).toEqual({
      ok: false,
      problem:
        "'' expected type 'string', got unconvertible type 'map[string]interface {}', value: 'map[x:1]'",
    });
  });

  it('weak strings take numbers in full and bools as 1/0, but not lists', () => {
    expect(decodeGoString(json('5'), 'Type', true)).toEqual({ ok: true, value: '5' });
    expect(decodeGoString(json('2.5'), 'Type', true)).toEqual({ ok: true, value: '2.5' });
    expect(decodeGoString(json('1e21'), 'Type', true)).toEqual({ ok: true, value: '1000000000000000000000' });
    expect(decodeGoString(json('false'), 'Type', true)).toEqual({ ok: true, value: '0' });
    expect(decodeGoString(json('["a"]'), 'Type', true)).toEqual({
      ok: false,
      problem: "'Type' expected type 'string', got unconvertible type '[]interface {}', value: '[a]'",
    });
  });

  it('string lists: strict wants an array, weak lifts single values and empties an empty map', () => {
    expect(decodeGoStringList(json('["a", "b"]'), 'Only', false)).toEqual({ ok: true, value: ['a', 'b'] });
    expect(decodeGoStringList(json('"null"'), 'Only', false)).toEqual({
      ok: false,
      problem: "'Only': source data must be an array or slice, got string",
    });
    expect(decodeGoStringList(json('[1]'), 'Only', false)).toEqual({
      ok: false,
      problem: "'Only[0]' expected type 'string', got unconvertible type 'float64', value: '1'",
    });
    expect(decodeGoStringList(json('"null"'), 'Only', true)).toEqual({ ok: true, value: ['null'] });
    expect(decodeGoStringList(json('[1]'), 'Only', true)).toEqual({ ok: true, value: ['1'] });
    expect(decodeGoStringList(json('{}'), 'Only', true)).toEqual({ ok: true, value: [] });
    expect(decodeGoStringList(json('{"a": 1}'), 'Only', true)).toEqual({
      ok: false,
      problem:
        "'Only[0]' expected type 'string', got unconvertible type 'map[string]interface {}', value: 'map[a:1]'",
    });
  });

  it('durations: Go duration strings, numbers as nanoseconds, time.Duration in errors', () => {
    expect(decodeGoDuration(json('"1m30s"'), 'pause_before')).toEqual({ ok: true, value: 90_000 });
    expect(decodeGoDuration(json('5000000'), 'timeout')).toEqual({ ok: true, value: 5 });
    expect(decodeGoDuration(json('"abc"'), 'pause_before')).toEqual({
      ok: false,
      problem: 'error decoding \'pause_before\': time: invalid duration "abc"',
    });
    expect(decodeGoDuration(json('[1]'), 'pause_before')).toEqual({
      ok: false,
      problem:
        "'pause_before' expected type 'time.Duration', got unconvertible type '[]interface {}', value: '[1]'",
    });
  });

  it('bools are strict; maps take objects (or a list of them, merged)', () => {
    expect(decodeGoBool(json('true'), 'keep_input_artifact')).toEqual({ ok: true, value: true });
    expect(decodeGoBool(json('"true"'), 'keep_input_artifact')).toEqual({
      ok: false,
      problem: "'keep_input_artifact' expected type 'bool', got unconvertible type 'string', value: 'true'",
    });
    const merged = decodeGoMap(json('[{"a": {}, "b": 1}, {"a": 2}]'), 'Override');
    expect(merged.ok && merged.value.map((p) => [p.name, p.value.kind])).toEqual([
      ['a', 'number'],
      ['b', 'number'],
    ]);
    expect(decodeGoMap(json('[]'), 'Override')).toEqual({ ok: true, value: [] });
    expect(decodeGoMap(json('"x"'), 'Override')).toEqual({
      ok: false,
      problem: "'Override' expected a map, got 'string'",
    });
  });

  it("formats values like Go's %v and FormatFloat 'f'", () => {
    expect(goValueText(json('[1, "a", [true], {"b": null, "a": 1e6}]'))).toBe(
      '[1 a [true] map[a:1e+06 b:<nil>]]',
    );
    expect(goFormatFloatF(0.000001)).toBe('0.000001');
    expect(goFormatFloatF(-1234.5)).toBe('-1234.5');
    expect(goFormatFloatF(0)).toBe('0');
  });
});
