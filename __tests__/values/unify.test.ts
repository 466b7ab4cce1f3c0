import { unify, unifyUnsafe } from '../../src/values/unify';
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
  typeString,
} from '../../src/values/types';

const show = (t: Type | undefined): string => (t ? typeString(t) : 'none');

describe('unify (safe)', () => {
  test.each<[Type[], string]>([
    [[], 'none'],
    [[StringType], 'string'],
    [[NumberType, StringType], 'string'],
    [[BoolType, NumberType], 'none'],
    [[StringType, BoolType, NumberType], 'string'],
    [[NumberType, DynamicType], 'any'],
    [[DynamicType, DynamicType], 'any'],
    [[listOf(StringType), listOf(NumberType)], 'list(string)'],
    [[listOf(StringType), listOf(DynamicType)], 'list(any)'],
    [[setOf(StringType), setOf(NumberType)], 'set(string)'],
    [[mapOf(NumberType), mapOf(BoolType)], 'none'],
    [[objectOf({ a: StringType }), objectOf({ a: NumberType })], 'object({a=string})'],
    [[objectOf({ a: StringType }), objectOf({ b: NumberType })], 'map(string)'],
    [[objectOf({ a: StringType }), mapOf(NumberType)], 'map(string)'],
    [[tupleOf([StringType]), tupleOf([NumberType])], 'tuple([string])'],
    [[tupleOf([StringType]), tupleOf([NumberType, NumberType])], 'list(string)'],
    [[tupleOf([StringType]), listOf(NumberType)], 'list(string)'],
    [[tupleOf([]), objectOf({})], 'none'],
    [[listOf(StringType), StringType], 'none'],
  ])('%j → %s', (types, want) => {
    expect(show(unify(types))).toBe(want);
  });
});

describe('unifyUnsafe', () => {
  test.each<[Type[], string]>([
    [[BoolType, NumberType], 'none'],
    [[NumberType, DynamicType], 'number'],
    [[listOf(StringType), setOf(StringType)], 'list(string)'],
    [[NumberType, StringType], 'string'],
  ])('%j → %s', (types, want) => {
    expect(show(unifyUnsafe(types))).toBe(want);
  });
});
