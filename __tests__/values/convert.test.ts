import { convert, canConvert, getConversion, getConversionUnsafe } from '../../src/values/convert';
import { ConversionError } from '../../src/values/conversion-error';
import { rawEquals } from '../../src/values/equality';
import {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  type Type,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
} from '../../src/values/types';
import { Value } from '../../src/values/value';

const S = Value.string;
const N = (n: number | string): Value => Value.number(n);

describe('convert: successful conversions', () => {
  test.each<[string, Value, Type, Value]>([
    ['number → string', N(1.5), StringType, S('1.5')],
    ['integer → string', N(10), StringType, S('10')],
    ['big → string', N('1e20'), StringType, S('100000000000000000000')],
    ['bool → string', Value.True, StringType, S('true')],
    ['string → number', S('5'), NumberType, N(5)],
    ['string → number (exponent)', S('1e3'), NumberType, N(1000)],
    ['string → bool', S('true'), BoolType, Value.True],
    ['"1" → bool', S('1'), BoolType, Value.True],
    ['"0" → bool', S('0'), BoolType, Value.False],
    ['same type is identity', S('x'), StringType, S('x')],
    ['anything → dynamic', N(1), DynamicType, N(1)],
    [
      'tuple → list(string)',
      Value.tuple([S('a'), N(1), Value.True]),
      listOf(StringType),
      Value.list([S('a'), S('1'), S('true')]),
    ],
    [
      'tuple → list(any) unifies',
      Value.tuple([S('a'), N(1)]),
      listOf(DynamicType),
      Value.list([S('a'), S('1')]),
    ],
    [
      'tuple → set(string)',
      Value.tuple([S('b'), S('a'), S('b')]),
      setOf(StringType),
      Value.set([S('a'), S('b')]),
    ],
    ['empty tuple → list(number)', Value.tuple([]), listOf(NumberType), Value.list([], NumberType)],
    [
      'object → map(string)',
      Value.object({ a: N(1), b: S('x') }),
      mapOf(StringType),
      Value.map({ a: S('1'), b: S('x') }),
    ],
    [
      'object → map(any)',
      Value.object({ a: N(1), b: S('x') }),
      mapOf(DynamicType),
      Value.map({ a: S('1'), b: S('x') }),
    ],
    ['list → set', Value.list([S('b'), S('a'), S('b')]), setOf(StringType), Value.set([S('a'), S('b')])],
    ['set → list', Value.set([S('b'), S('a')]), listOf(StringType), Value.list([S('a'), S('b')])],
    ['list(number) → list(string)', Value.list([N(1)]), listOf(StringType), Value.list([S('1')])],
    [
      'map → object',
      Value.map({ a: S('1'), z: S('2') }),
      objectOf({ a: NumberType }),
      Value.object({ a: N(1) }),
    ],
    [
      'object drops extra attrs',
      Value.object({ a: N(1), b: N(2) }),
      objectOf({ a: StringType }),
      Value.object({ a: S('1') }),
    ],
    [
      'optional attrs become null',
      Value.object({ a: N(1) }),
      objectOf({ a: NumberType, b: listOf(StringType) }, new Set(['b'])),
      Value.object({ a: N(1), b: Value.nullOf(listOf(StringType)) }),
    ],
    [
      'tuple → tuple',
      Value.tuple([N(1), Value.True]),
      tupleOf([StringType, StringType]),
      Value.tuple([S('1'), S('true')]),
    ],
    ['null keeps nullness', Value.nullOf(NumberType), StringType, Value.nullOf(StringType)],
    [
      'dynamic null takes the wanted type',
      Value.DynamicNull,
      listOf(StringType),
      Value.nullOf(listOf(StringType)),
    ],
    ['unknown keeps unknownness', Value.unknown(NumberType), StringType, Value.unknown(StringType)],
    ['dynamic unknown → list', Value.DynamicUnknown, listOf(NumberType), Value.unknown(listOf(NumberType))],
    [
      'unknown → list(any) keeps element type',
      Value.unknown(listOf(StringType)),
      listOf(DynamicType),
      Value.unknown(listOf(StringType)),
    ],
    [
      'nested',
      Value.tuple([Value.object({ a: Value.tuple([N(1)]) })]),
      listOf(objectOf({ a: listOf(StringType) })),
      Value.list([Value.object({ a: Value.list([S('1')]) })]),
    ],
    [
      'set with unknowns → list is unknown',
      Value.set([S('a'), Value.unknown(StringType)]),
      listOf(StringType),
      Value.unknown(listOf(StringType)),
    ],
  ])('%s', (_name, v, want, expected) => {
    const got = convert(v, want);
    expect(rawEquals(got, expected)).toBe(true);
  });

  test('marks are preserved', () => {
    const got = convert(N(5).mark('sensitive'), StringType);
    expect(got.isSensitive()).toBe(true);
    expect(got.unmark()[0].asString()).toBe('5');
    const nested = convert(Value.tuple([N(5).mark('sensitive')]), listOf(StringType));
    expect(nested.elements()[0].isSensitive()).toBe(true);
  });
});

describe('convert: errors with cty wording', () => {
  test.each<[string, Value, Type, string, unknown[]?]>([
    ['non-numeric string', S('abc'), NumberType, 'a number is required'],
    ['bad bool', S('yes'), BoolType, 'a bool is required'],
    [
      'capitalised bool',
      S('True'),
      BoolType,
      'a bool is required; to convert from string, use lowercase "true"',
    ],
    [
      'capitalised false',
      S('FALSE'),
      BoolType,
      'a bool is required; to convert from string, use lowercase "false"',
    ],
    ['list → string', Value.list([S('a')]), StringType, 'string required'],
    ['tuple → string', Value.tuple([]), StringType, 'string required'],
    ['number → bool', N(1), BoolType, 'bool required'],
    ['object → number', Value.object({}), NumberType, 'number required'],
    ['string → list', S('a'), listOf(StringType), 'list of string required'],
    ['map → list', Value.map({ a: S('a') }), listOf(StringType), 'list of string required'],
    [
      'tuple element mismatch',
      Value.tuple([S('a'), Value.list([S('b')])]),
      listOf(StringType),
      'element 1: string required',
    ],
    [
      'mixed tuple → list(any)',
      Value.tuple([S('a'), Value.object({})]),
      listOf(DynamicType),
      'all list elements must have the same type',
    ],
    [
      'mixed tuple → set(any)',
      Value.tuple([S('a'), Value.object({})]),
      setOf(DynamicType),
      'all set elements must have the same type',
    ],
    [
      'mixed object → map(any)',
      Value.object({ a: S('a'), b: Value.tuple([]) }),
      mapOf(DynamicType),
      'all map elements must have the same type',
    ],
    ['missing attribute', Value.object({}), objectOf({ x: StringType }), 'attribute "x" is required'],
    [
      'two missing',
      Value.object({}),
      objectOf({ y: StringType, x: StringType }),
      'attributes "x" and "y" are required',
    ],
    [
      'three missing',
      Value.object({}),
      objectOf({ c: StringType, a: StringType, b: StringType }),
      'attributes "a", "b", and "c" are required',
    ],
    [
      'attribute type',
      Value.object({ a: Value.list([]) }),
      objectOf({ a: StringType }),
      'attribute "a": string required',
    ],
    [
      'collection element',
      Value.list([Value.list([S('a')])]),
      listOf(StringType),
      'incorrect list element type: string required',
    ],
    [
      'value error inside list has a path',
      Value.tuple([N(1), S('x')]),
      listOf(NumberType),
      'a number is required',
      [1],
    ],
    [
      'map missing required attr',
      Value.map({ a: S('1') }),
      objectOf({ a: StringType, b: StringType }),
      'map has no element for required attribute "b"',
    ],
  ])('%s', (...row) => {
    const [, v, want, message, path] = row;
    let err: unknown;
    try {
      convert(v, want);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConversionError);
    expect((err as ConversionError).message).toBe(message);
    if (path) {
      expect(
        (err as ConversionError).path.map((p) => (p.kind === 'index' ? p.key.asNumber().toNumber() : p.name)),
      ).toEqual(path);
    }
  });
});

describe('safe vs unsafe conversions', () => {
  test.each<[Type, Type, boolean, boolean]>([
    [NumberType, StringType, true, true],
    [StringType, NumberType, false, true],
    [listOf(StringType), setOf(StringType), false, true],
    [setOf(StringType), listOf(StringType), true, true],
    [mapOf(StringType), objectOf({ a: StringType }), false, true],
    [objectOf({ a: StringType }), mapOf(StringType), true, true],
    [DynamicType, StringType, false, true],
    [listOf(StringType), StringType, false, false],
    [tupleOf([StringType]), tupleOf([StringType, StringType]), false, false],
  ])('%j → %j safe=%s unsafe=%s', (from, to, safe, unsafe) => {
    expect(getConversion(from, to) !== undefined).toBe(safe);
    expect(getConversionUnsafe(from, to) !== undefined).toBe(unsafe);
    expect(canConvert(from, to)).toBe(unsafe);
  });
});
