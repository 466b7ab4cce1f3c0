import { fromJSON, JSONDecodeError, toJSONValue } from '../../src/values/json';
import { renderConsole } from '../../src/values/render';
import { StringType } from '../../src/values/types';
import { Value } from '../../src/values/value';

const S = Value.string;
const N = (n: number | string): Value => Value.number(n);

describe('renderConsole (outputs checked against packer console)', () => {
  test.each<[string, Value, string]>([
    ['bare string', S('multi\nline'), 'multi\nline'],
    ['number', N(1.5), '1.5'],
    ['beyond int64 but integral', N('1e20'), '1e+20'],
    ['int64 max', N('9223372036854775807'), '9223372036854775807'],
    ['beyond int64', N('123456789012345678901234567890'), '1.2345678901234568e+29'],
    ['third', Value.number(N(1).asNumber().div(3)), '0.3333333333333333'],
    ['small', N('1e-7'), '1e-07'],
    ['float with exponent', N('1234567.5'), '1.2345675e+06'],
    ['infinity', Value.number(N(1).asNumber().div(0)), '+Inf'],
    ['bool', Value.True, 'true'],
    ['null', Value.DynamicNull, 'null'],
    ['empty tuple', Value.tuple([]), '[]'],
    ['empty object', Value.object({}), '{}'],
    ['list with null', Value.tuple([Value.DynamicNull]), '[\n  null,\n]'],
    [
      'nested',
      Value.object({ a: Value.tuple([N(1), S('x'), Value.True]), b: Value.object({}) }),
      '{\n  "a" = [\n    1,\n    "x",\n    true,\n  ]\n  "b" = {}\n}',
    ],
    [
      'keys, quoting, nested lists',
      Value.object({
        'a b': N(1),
        c: Value.tuple([Value.tuple([N(1), N(2)]), Value.object({})]),
        d: S('x"y\nz'),
      }),
      '{\n  "a b" = 1\n  "c" = [\n    [\n      1,\n      2,\n    ],\n    {},\n  ]\n  "d" = "x\\"y\\nz"\n}',
    ],
    [
      'null attributes are omitted, keys byte-sorted',
      Value.object({ b: N(1), a: Value.DynamicNull, Z: N(2), é: S('x') }),
      '{\n  "Z" = 2\n  "b" = 1\n  "é" = "x"\n}',
    ],
    ['Go quoting', Value.tuple([S('aé\u0001\t')]), '[\n  "aé\\x01\\t",\n]'],
    // strconv.Quote keeps only unicode.IsPrint runes: no-break space and line separator are escaped
    // (checked with packer console), emoji are kept, an unprintable astral rune gets \U.
    [
      'Go quoting beyond ASCII',
      Value.tuple([S('\u00a0\u2028😀\u{e0001}')]),
      '[\n  "\\u00a0\\u2028😀\\U000e0001",\n]',
    ],
    ['unknown', Value.tuple([Value.unknown(StringType)]), '<unknown>'],
    ['sensitive', S('secret').mark('sensitive'), '<sensitive>'],
    [
      'sensitive list',
      Value.tuple([S('a'), S('b')]).mark('sensitive'),
      '[\n  "<sensitive>",\n  "<sensitive>",\n]',
    ],
  ])('%s', (_n, v, want) => {
    expect(renderConsole(v)).toBe(want);
  });
});

describe('JSON', () => {
  test('encodes like cty/json with Go escaping', () => {
    const v = Value.object({
      b: S('<&>\u2028'),
      a: Value.tuple([N(1.5), N('1e20'), Value.DynamicNull, Value.True]),
      c: Value.object({}),
    });
    expect(toJSONValue(v)).toBe(
      '{"a":[1.5,100000000000000000000,null,true],"b":"\\u003c\\u0026\\u003e\\u2028","c":{}}',
    );
    expect(toJSONValue(S('é\u0001'))).toBe('"é\\u0001"');
  });
  test('refuses unknown, marked and infinite values', () => {
    expect(() => toJSONValue(Value.unknown(StringType))).toThrow('value is not known');
    expect(() => toJSONValue(S('x').mark('sensitive'))).toThrow(
      'value has marks, so it cannot be serialized as JSON',
    );
    expect(() => toJSONValue(Value.number(N(1).asNumber().div(0)))).toThrow(
      'cannot serialize infinity as JSON',
    );
  });
  test('decodes to implied types keeping number precision', () => {
    const v = fromJSON('[1, "x", null, {"k": 1.50, "big": 123456789012345678901234567890}]');
    expect(v.type.kind).toBe('tuple');
    expect(v.elements()[2].type.kind).toBe('dynamic');
    expect(v.elements()[3].getAttr('big')?.asNumber().toFixed()).toBe('123456789012345678901234567890');
    expect(renderConsole(v)).toBe(
      '[\n  1,\n  "x",\n  null,\n  {\n    "big" = 1.2345678901234568e+29\n    "k" = 1.5\n  },\n]',
    );
  });
  test.each([
    ['  ', 'EOF'],
    ['{', 'unexpected EOF'],
    ['[1] x', 'extraneous data after JSON object'],
    ['{"a":1,"a":2}', 'duplicate "a" property in JSON object'],
    ['[tru]', "invalid character 't' looking for beginning of value"],
  ])('%j fails with %s', (src, msg) => {
    expect(() => fromJSON(src)).toThrow(new JSONDecodeError(msg));
  });
  test('round trip', () => {
    const src = '{"a":[1,"two",false,null],"b":{"c":0.1}}';
    expect(toJSONValue(fromJSON(src))).toBe(src);
  });
});
