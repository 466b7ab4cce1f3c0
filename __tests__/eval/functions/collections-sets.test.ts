import {
  setintersectionFunction,
  setproductFunction,
  setunionFunction,
} from '../../../src/eval/functions/collections-sets';
import { DynamicType, NumberType, StringType, listOf, setOf, tupleOf } from '../../../src/values/types';
import { SENSITIVE, Value } from '../../../src/values/value';
import {
  b,
  call,
  expectArgError,
  expectFunctionError,
  expectValue,
  list,
  n,
  nums,
  s,
  set,
  strs,
  tuple,
} from './collections-helpers';

describe('setunion', () => {
  it('unions sets and sequences into a set', () => {
    expectValue(call(setunionFunction, set([s('b'), s('a')]), strs('c', 'a')), set([s('a'), s('b'), s('c')]));
    expectValue(call(setunionFunction, strs('a')), set([s('a')]));
  });
  it('unifies element types', () => {
    expectValue(call(setunionFunction, tuple(s('a')), tuple(n(1))), set([s('1'), s('a')]));
    expectValue(call(setunionFunction, tuple(s('a')), tuple(b(true))), set([s('a'), s('true')]));
  });
  it('lets an empty untyped set fit any element type', () => {
    expectValue(call(setunionFunction, tuple(), nums(1)), set([n(1)]));
    expectValue(call(setunionFunction, tuple(), tuple()), set([], DynamicType));
  });
  it('rejects incompatible element types', () => {
    expectFunctionError(
      () => call(setunionFunction, tuple(s('a')), tuple(tuple(n(1)))),
      'given sets must all have compatible element types',
    );
  });
  it('is unknown for an unknown argument', () => {
    expectValue(
      call(setunionFunction, strs('a'), Value.unknown(setOf(StringType))),
      Value.unknown(setOf(StringType)),
    );
  });
  it('carries marks', () => {
    expectValue(
      call(setunionFunction, strs('a').mark(SENSITIVE), strs('b')),
      set([s('a'), s('b')]).mark(SENSITIVE),
    );
  });
});

describe('setintersection', () => {
  it('keeps elements present in every set', () => {
    expectValue(
      call(setintersectionFunction, strs('a', 'b', 'c'), strs('b', 'c', 'd'), strs('c', 'b')),
      set([s('b'), s('c')]),
    );
    expectValue(call(setintersectionFunction, strs('a'), strs('b')), set([], StringType));
    expectValue(call(setintersectionFunction, nums(1, 2)), set([n(1), n(2)]));
  });
  it('compares after unification', () => {
    expectValue(call(setintersectionFunction, nums(1, 2), strs('2')), set([s('2')]));
  });
  it('is unknown while an element is unknown', () => {
    const withUnknown = list([s('a'), Value.unknown(StringType)]);
    expectValue(call(setintersectionFunction, strs('a'), withUnknown), Value.unknown(setOf(StringType)));
  });
});

describe('setproduct', () => {
  it('gives a list of tuples, in order, when all inputs are lists', () => {
    expectValue(
      call(setproductFunction, strs('a', 'b'), nums(1, 2)),
      list([tuple(s('a'), n(1)), tuple(s('a'), n(2)), tuple(s('b'), n(1)), tuple(s('b'), n(2))]),
    );
    expect(call(setproductFunction, strs('a'), nums(1)).type).toEqual(
      listOf(tupleOf([StringType, NumberType])),
    );
  });
  it('unifies tuple inputs', () => {
    expectValue(
      call(setproductFunction, tuple(n(1), s('x')), tuple(s('a'))),
      list([tuple(s('1'), s('a')), tuple(s('x'), s('a'))]),
    );
  });
  it('gives a set when any input is a set', () => {
    const r = call(setproductFunction, set([s('b'), s('a')]), nums(1));
    expect(r.type).toEqual(setOf(tupleOf([StringType, NumberType])));
    expectValue(r, set([tuple(s('a'), n(1)), tuple(s('b'), n(1))]));
  });
  it('is empty when any input is empty', () => {
    expectValue(call(setproductFunction, tuple(), nums(1)), list([], tupleOf([DynamicType, NumberType])));
    expectValue(
      call(setproductFunction, set([], StringType), nums(1)),
      set([], tupleOf([StringType, NumberType])),
    );
  });
  it('errors on too few arguments and bad inputs', () => {
    expectFunctionError(() => call(setproductFunction, nums(1)), 'at least two arguments are required');
    expectArgError(() => call(setproductFunction, nums(1), n(3)), 1, 'a set or a list is required');
    expectArgError(
      () => call(setproductFunction, nums(1), tuple(n(1), tuple())),
      1,
      'all elements must be of the same type',
    );
  });
  it('is unknown when an input is unknown, keeping marks', () => {
    expectValue(
      call(setproductFunction, nums(1).mark(SENSITIVE), Value.unknown(listOf(StringType))),
      Value.unknown(listOf(tupleOf([NumberType, StringType]))).mark(SENSITIVE),
    );
  });
});
