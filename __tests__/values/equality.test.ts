import { equals, rawEquals } from '../../src/values/equality';
import { BoolType, DynamicType, NumberType, StringType, listOf } from '../../src/values/types';
import { Value } from '../../src/values/value';
import { num } from '../../src/values/number';

const S = Value.string;
const N = (n: number | string): Value => Value.number(n);
const show = (v: Value): string =>
  (v.isKnown() ? String(v.asBool()) : 'unknown') + (v.isSensitive() ? '+sensitive' : '');

describe('equals (cty Value.Equals)', () => {
  test.each<[string, Value, Value, string]>([
    ['same strings', S('a'), S('a'), 'true'],
    ['different strings', S('a'), S('b'), 'false'],
    ['string vs number', S('1'), N(1), 'false'],
    ['numbers', N('0.1'), N('0.10'), 'true'],
    ['-0 == 0', N('-0'), N(0), 'true'],
    ['both null', Value.nullOf(StringType), Value.nullOf(NumberType), 'true'],
    ['null vs known', Value.nullOf(StringType), S('a'), 'false'],
    ['null vs unknown', Value.nullOf(StringType), Value.unknown(StringType), 'unknown'],
    ['unknown vs known same type', Value.unknown(StringType), S('a'), 'unknown'],
    ['unknown vs known other type', Value.unknown(StringType), N(1), 'false'],
    ['dynamic unknown vs known', Value.DynamicUnknown, N(1), 'unknown'],
    ['lists equal', Value.list([S('a'), S('b')]), Value.list([S('a'), S('b')]), 'true'],
    ['lists differ in length', Value.list([S('a')]), Value.list([S('a'), S('b')]), 'false'],
    ['list with unknown', Value.list([Value.unknown(StringType)]), Value.list([S('a')]), 'unknown'],
    [
      'list false before unknown',
      Value.list([S('x'), Value.unknown(StringType)]),
      Value.list([S('a'), S('b')]),
      'false',
    ],
    ['objects', Value.object({ a: N(1) }), Value.object({ a: N(1) }), 'true'],
    ['objects different types', Value.object({ a: N(1) }), Value.object({ a: S('1') }), 'false'],
    ['maps', Value.map({ a: N(1) }), Value.map({ b: N(1) }), 'false'],
    ['sets ignore order', Value.set([S('a'), S('b')]), Value.set([S('b'), S('a')]), 'true'],
    ['sets with unknown', Value.set([Value.unknown(StringType)]), Value.set([S('b')]), 'unknown'],
    ['sensitive propagates', S('a').mark('sensitive'), S('a'), 'true+sensitive'],
    [
      'nested sensitive propagates',
      Value.list([S('a').mark('sensitive')]),
      Value.list([S('a')]),
      'true+sensitive',
    ],
    [
      'null check only takes top-level marks',
      Value.list([S('a').mark('sensitive')]),
      Value.nullOf(listOf(StringType)),
      'false',
    ],
  ])('%s', (_name, a, b, want) => {
    expect(show(equals(a, b))).toBe(want);
    expect(show(equals(b, a))).toBe(want);
  });
  test('result is a bool', () => {
    expect(equals(S('a'), S('a')).type).toEqual(BoolType);
    expect(equals(Value.DynamicUnknown, S('a')).type).toEqual(BoolType);
  });
});

describe('rawEquals', () => {
  test.each<[string, Value, Value, boolean]>([
    ['unknowns of same type', Value.unknown(StringType), Value.unknown(StringType), true],
    ['unknowns of different type', Value.unknown(StringType), Value.unknown(DynamicType), false],
    ['null vs null other type', Value.nullOf(StringType), Value.nullOf(NumberType), false],
    ['marks must match', S('a').mark('sensitive'), S('a'), false],
    ['marked equal', S('a').mark('sensitive'), S('a').mark('sensitive'), true],
    ['numbers', Value.number(num(1).div(3)), Value.number(num(1).div(3)), true],
    ['list vs tuple', Value.list([S('a')]), Value.tuple([S('a')]), false],
    ['nested', Value.object({ a: Value.list([N(1)]) }), Value.object({ a: Value.list([N(1)]) }), true],
  ])('%s', (_name, a, b, want) => {
    expect(rawEquals(a, b)).toBe(want);
  });
});
