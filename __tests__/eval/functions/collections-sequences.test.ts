import {
  concatFunction,
  flattenFunction,
  rangeFunction,
  reverseFunction,
  sliceFunction,
} from '../../../src/eval/functions/collections-sequences';
import { NumberType, StringType, listOf, tupleOf } from '../../../src/values/types';
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

const WHOLE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';

describe('concat', () => {
  it('concatenates lists of one element type into a list', () => {
    expectValue(call(concatFunction, strs('a'), strs('b', 'c')), strs('a', 'b', 'c'));
    expectValue(call(concatFunction, list([], StringType), list([], StringType)), list([], StringType));
  });
  it('unifies list element types when it can', () => {
    expectValue(call(concatFunction, nums(1), strs('a')), strs('1', 'a'));
  });
  it('makes a tuple when the lists do not unify or tuples are involved', () => {
    expectValue(call(concatFunction, nums(1), list([b(true)])), tuple(n(1), b(true)));
    expectValue(
      call(concatFunction, tuple(n(1)), tuple(s('a'), tuple(n(1)))),
      tuple(n(1), s('a'), tuple(n(1))),
    );
    expectValue(call(concatFunction, tuple(), nums(1)), tuple(n(1)));
  });
  it('has an unknown type when a list of unknown length joins a tuple', () => {
    expectValue(call(concatFunction, tuple(n(1)), Value.unknown(listOf(NumberType))), Value.DynamicUnknown);
    expectValue(
      call(concatFunction, nums(1), Value.unknown(listOf(NumberType))),
      Value.unknown(listOf(NumberType)),
    );
  });
  it('errors on no arguments and non-sequences', () => {
    expectFunctionError(() => call(concatFunction), 'at least one argument is required');
    expectArgError(
      () => call(concatFunction, nums(1), s('a')),
      1,
      'all arguments must be lists or tuples; got string',
    );
  });
  it('carries marks', () => {
    expectValue(call(concatFunction, nums(1).mark(SENSITIVE), nums(2)), nums(1, 2).mark(SENSITIVE));
  });
});

describe('flatten', () => {
  it('flattens nested lists and tuples into a tuple', () => {
    expectValue(
      call(flattenFunction, tuple(tuple(n(1), tuple(n(2))), tuple(), n(3))),
      tuple(n(1), n(2), n(3)),
    );
    expectValue(call(flattenFunction, list([strs('a'), strs('b', 'c')])), tuple(s('a'), s('b'), s('c')));
    expectValue(call(flattenFunction, list([], StringType)), tuple());
    expectValue(call(flattenFunction, set([n(2), n(1)])), tuple(n(1), n(2)));
  });
  it('keeps nulls and maps as elements', () => {
    const nullList = Value.nullOf(listOf(StringType));
    expectValue(call(flattenFunction, tuple(nullList, s('a'))), tuple(nullList, s('a')));
  });
  it('is unknown when a nested sequence is unknown, but not for unknown scalars', () => {
    expectValue(
      call(flattenFunction, tuple(strs('a'), Value.unknown(listOf(StringType)))),
      Value.DynamicUnknown,
    );
    expectValue(
      call(flattenFunction, tuple(strs('a'), Value.unknown(StringType))),
      tuple(s('a'), Value.unknown(StringType)),
    );
  });
  it('rejects non-sequences', () => {
    expectFunctionError(() => call(flattenFunction, s('a')), 'can only flatten lists, sets and tuples');
  });
  it('carries nested marks to the result', () => {
    const r = call(flattenFunction, tuple(strs('a').mark(SENSITIVE), strs('b')));
    expectValue(r, tuple(s('a'), s('b')).mark(SENSITIVE));
  });
});

describe('range', () => {
  it('counts up from zero with one argument', () => {
    expectValue(call(rangeFunction, n(3)), nums(0, 1, 2));
    expectValue(call(rangeFunction, n(0)), list([], NumberType));
    expectValue(call(rangeFunction, n(-2)), nums(0, -1));
  });
  it('picks the direction with two arguments', () => {
    expectValue(call(rangeFunction, n(1), n(4)), nums(1, 2, 3));
    expectValue(call(rangeFunction, n(1), n(-3)), nums(1, 0, -1, -2));
  });
  it('uses the given step, including fractions', () => {
    expectValue(call(rangeFunction, n(0), n(1), n(0.25)), nums(0, 0.25, 0.5, 0.75));
    expectValue(call(rangeFunction, n(10), n(0), n(-3)), nums(10, 7, 4, 1));
    expectValue(call(rangeFunction, n(0), n(0.3), n(0.1)), nums(0, 0.1, 0.2));
  });
  it('rejects steps pointing away from the end', () => {
    expectArgError(
      () => call(rangeFunction, n(1), n(4), n(-1)),
      1,
      'end must be less than start when step is negative',
    );
    expectArgError(
      () => call(rangeFunction, n(4), n(1), n(1)),
      1,
      'end must be greater than start when step is positive',
    );
  });
  it('limits the result to 1024 values, which is also what a zero step hits', () => {
    expect(call(rangeFunction, n(1024)).length()).toBe(1024);
    const limit =
      'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step';
    expectFunctionError(() => call(rangeFunction, n(0), n(2000)), limit);
    expectFunctionError(() => call(rangeFunction, n(1), n(2), n(0)), limit);
    expectValue(call(rangeFunction, n(2), n(2), n(0)), list([], NumberType));
  });
  it('needs one to three arguments', () => {
    expectFunctionError(() => call(rangeFunction), 'must have one, two, or three arguments');
    expectFunctionError(
      () => call(rangeFunction, n(1), n(2), n(3), n(4)),
      'must have one, two, or three arguments',
    );
    expectArgError(() => call(rangeFunction, s('x')), 0, 'a number is required');
  });
});

describe('reverse', () => {
  it('reverses lists, tuples and sets', () => {
    expectValue(call(reverseFunction, strs('a', 'b', 'c')), strs('c', 'b', 'a'));
    expectValue(call(reverseFunction, tuple(n(1), s('a'))), tuple(s('a'), n(1)));
    expectValue(call(reverseFunction, set([n(1), n(2)])), nums(2, 1));
    expectValue(call(reverseFunction, list([], StringType)), list([], StringType));
  });
  it('rejects other types', () => {
    expectArgError(
      () => call(reverseFunction, s('a')),
      0,
      'can only reverse list or tuple values, not string',
    );
  });
  it('keeps marks', () => {
    expectValue(call(reverseFunction, nums(1, 2).mark(SENSITIVE)), nums(2, 1).mark(SENSITIVE));
  });
});

describe('slice', () => {
  it('slices lists and tuples', () => {
    expectValue(call(sliceFunction, strs('a', 'b', 'c'), n(1), n(3)), strs('b', 'c'));
    expectValue(call(sliceFunction, tuple(n(1), s('a'), n(3)), n(1), n(2)), tuple(s('a')));
    expectValue(call(sliceFunction, strs('a'), n(1), n(1)), list([], StringType));
    expectValue(call(sliceFunction, tuple(n(1)), n(0), n(0)), tuple());
  });
  it('validates the indexes', () => {
    expectArgError(
      () => call(sliceFunction, nums(1, 2, 3), n(2), n(1)),
      1,
      'start index must not be greater than end index',
    );
    expectArgError(
      () => call(sliceFunction, nums(1, 2, 3), n(0), n(4)),
      2,
      'end index must not be greater than the length of the list',
    );
    expectArgError(
      () => call(sliceFunction, nums(1, 2, 3), n(4), n(4)),
      1,
      'start index must not be greater than the length of the list',
    );
    expectArgError(
      () => call(sliceFunction, nums(1), n(-1), n(1)),
      1,
      'start index must not be less than zero',
    );
    expectArgError(
      () => call(sliceFunction, nums(1), n(0), n(-1)),
      2,
      'end index must not be less than zero',
    );
    expectArgError(() => call(sliceFunction, nums(1), n(0.5), n(1)), 1, `invalid start index: ${WHOLE}`);
  });
  it('rejects sets and non-sequences', () => {
    expectArgError(
      () => call(sliceFunction, set([n(1)]), n(0), n(1)),
      0,
      'cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important',
    );
    expectArgError(() => call(sliceFunction, s('abc'), n(0), n(1)), 0, 'must be a list or tuple value');
  });
  it('returns unknowns when the indexes or list are unknown', () => {
    expectValue(call(sliceFunction, tuple(n(1)), Value.unknown(NumberType), n(1)), Value.DynamicUnknown);
    expectValue(
      call(sliceFunction, Value.unknown(listOf(StringType)), n(0), n(5)),
      Value.unknown(listOf(StringType)),
    );
    expect(call(sliceFunction, tuple(n(1), s('a')), n(0), n(1)).type).toEqual(tupleOf([NumberType]));
  });
  it('keeps marks', () => {
    expectValue(call(sliceFunction, nums(1, 2).mark(SENSITIVE), n(1), n(2)), nums(2).mark(SENSITIVE));
  });
});
