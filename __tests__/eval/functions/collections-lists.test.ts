import {
  alltrueFunction,
  anytrueFunction,
  chunklistFunction,
  coalescelistFunction,
  compactFunction,
  containsFunction,
  distinctFunction,
  elementFunction,
  indexFunction,
  lengthFunction,
  sortFunction,
} from '../../../src/eval/functions/collections-lists';
import { BoolType, DynamicType, NumberType, StringType, listOf } from '../../../src/values/types';
import { SENSITIVE, Value } from '../../../src/values/value';
import {
  b,
  call,
  expectArgError,
  expectFunctionError,
  expectValue,
  list,
  map,
  n,
  nums,
  obj,
  s,
  set,
  strs,
  tuple,
} from './collections-helpers';

const WHOLE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';

describe('length', () => {
  it('counts list, map, set, tuple and object elements', () => {
    expectValue(call(lengthFunction, nums(1, 2, 3)), n(3));
    expectValue(call(lengthFunction, map({ a: n(1), b: n(2) })), n(2));
    expectValue(call(lengthFunction, set([s('a'), s('b'), s('a')])), n(2));
    expectValue(call(lengthFunction, tuple(n(1), s('x'))), n(2));
    expectValue(call(lengthFunction, obj({ a: n(1) })), n(1));
    expectValue(call(lengthFunction, tuple()), n(0));
  });
  it('counts grapheme clusters of strings', () => {
    expectValue(call(lengthFunction, s('héllo')), n(5));
    expectValue(call(lengthFunction, s('e\u0301')), n(1));
    expectValue(call(lengthFunction, s('👨‍👩‍👧')), n(1));
    expectValue(call(lengthFunction, s('')), n(0));
  });
  it('knows tuple and object lengths even when the value is unknown', () => {
    expectValue(
      call(lengthFunction, Value.unknown({ kind: 'tuple', elements: [StringType, StringType] })),
      n(2),
    );
    expectValue(call(lengthFunction, Value.unknown(listOf(StringType))), Value.unknown(NumberType));
    expectValue(call(lengthFunction, Value.unknown(StringType)), Value.unknown(NumberType));
    expectValue(call(lengthFunction, Value.DynamicUnknown), Value.unknown(NumberType));
  });
  it('keeps marks', () => {
    expectValue(call(lengthFunction, s('abc').mark(SENSITIVE)), n(3).mark(SENSITIVE));
  });
  it('rejects numbers, bools and null', () => {
    expectFunctionError(
      () => call(lengthFunction, n(5)),
      'argument must be a string, a collection type, or a structural type',
    );
    expectArgError(
      () => call(lengthFunction, Value.nullOf(listOf(StringType))),
      0,
      'argument must not be null',
    );
  });
});

describe('element', () => {
  it('indexes lists and wraps around with modulo', () => {
    expectValue(call(elementFunction, strs('a', 'b', 'c'), n(1)), s('b'));
    expectValue(call(elementFunction, strs('a', 'b', 'c'), n(4)), s('b'));
    expectValue(call(elementFunction, strs('a', 'b', 'c'), n('9223372036854775807')), s('b'));
  });
  it('gives a tuple element its own type', () => {
    expectValue(call(elementFunction, tuple(n(1), s('x')), n(3)), s('x'));
  });
  it('converts a string index', () => {
    expectValue(call(elementFunction, strs('a', 'b'), s('1')), s('b'));
  });
  it('errors on negative, fractional and huge indexes and on empty lists', () => {
    expectFunctionError(
      () => call(elementFunction, strs('a'), n(-1)),
      'cannot use element function with a negative index',
    );
    expectFunctionError(() => call(elementFunction, strs('a'), n(1.5)), `invalid index: ${WHOLE}`);
    expectFunctionError(() => call(elementFunction, tuple(s('a')), n(1.5)), `invalid index: ${WHOLE}`);
    expectFunctionError(() => call(elementFunction, strs('a'), n('1e19')), `invalid index: ${WHOLE}`);
    expectFunctionError(
      () => call(elementFunction, tuple(), n(0)),
      'cannot use element function with an empty list',
    );
    expectFunctionError(
      () => call(elementFunction, list([], StringType), n(0)),
      'cannot use element function with an empty list',
    );
    expectFunctionError(() => call(elementFunction, s('abc'), n(0)), 'cannot read elements from string');
    expectArgError(() => call(elementFunction, strs('a'), s('x')), 1, 'a number is required');
  });
  it('returns unknown for unknown lists or an unknown tuple index', () => {
    expectValue(call(elementFunction, Value.unknown(listOf(StringType)), n(0)), Value.unknown(StringType));
    expectValue(call(elementFunction, tuple(n(1), s('x')), Value.unknown(NumberType)), Value.DynamicUnknown);
  });
  it('carries the list marks to the result', () => {
    expectValue(call(elementFunction, strs('a', 'b').mark(SENSITIVE), n(0)), s('a').mark(SENSITIVE));
  });
});

describe('index', () => {
  it('finds the first matching element', () => {
    expectValue(call(indexFunction, strs('a', 'b', 'b'), s('b')), n(1));
    expectValue(call(indexFunction, tuple(n(1), s('x')), s('x')), n(1));
  });
  it('compares without conversion', () => {
    expectFunctionError(() => call(indexFunction, tuple(n(1)), s('1')), 'item not found');
  });
  it('errors when not found, empty, or not a sequence', () => {
    expectFunctionError(() => call(indexFunction, strs('a'), s('z')), 'item not found');
    expectFunctionError(() => call(indexFunction, tuple(), s('z')), 'cannot search an empty list');
    expectFunctionError(
      () => call(indexFunction, map({ a: s('z') }), s('z')),
      'argument must be a list or tuple',
    );
    expectFunctionError(() => call(indexFunction, set([s('z')]), s('z')), 'argument must be a list or tuple');
  });
  it('is unknown when an unknown element is reached before a match', () => {
    const l = list([s('a'), Value.unknown(StringType), s('b')]);
    expectValue(call(indexFunction, l, s('b')), Value.unknown(NumberType));
    expectValue(call(indexFunction, l, s('a')), n(0));
    expectValue(call(indexFunction, strs('a'), Value.unknown(StringType)), Value.unknown(NumberType));
  });
});

describe('contains', () => {
  it('finds values in lists, tuples and sets', () => {
    expectValue(call(containsFunction, strs('a', 'b'), s('b')), Value.True);
    expectValue(call(containsFunction, strs('a', 'b'), s('c')), Value.False);
    expectValue(call(containsFunction, tuple(n(1), s('x')), s('x')), Value.True);
    expectValue(call(containsFunction, set([n(1), n(2)]), n(2)), Value.True);
    expectValue(call(containsFunction, list([], StringType), s('a')), Value.False);
  });
  it('does not convert: the number 1 is not the string "1"', () => {
    expectValue(call(containsFunction, nums(1, 2), s('1')), Value.False);
  });
  it('is unknown only when no known element matches', () => {
    const l = list([s('a'), Value.unknown(StringType)]);
    expectValue(call(containsFunction, l, s('a')), Value.True);
    expectValue(call(containsFunction, l, s('z')), Value.unknown(BoolType));
    expectValue(call(containsFunction, strs('a'), Value.unknown(StringType)), Value.unknown(BoolType));
  });
  it('rejects other types and a null value', () => {
    expectFunctionError(
      () => call(containsFunction, s('abc'), s('a')),
      'argument must be list, tuple, or set',
    );
    expectArgError(() => call(containsFunction, nums(1), Value.DynamicNull), 1, 'argument must not be null');
  });
});

describe('distinct', () => {
  it('keeps the first occurrence of each value, in order', () => {
    expectValue(call(distinctFunction, strs('b', 'a', 'b', 'c', 'a')), strs('b', 'a', 'c'));
  });
  it('unifies a tuple to a list first', () => {
    expectValue(call(distinctFunction, tuple(n(1), n(2), n(1), s('1'))), strs('1', '2'));
  });
  it('handles empty and unknown input', () => {
    expectValue(call(distinctFunction, list([], NumberType)), list([], NumberType));
    const l = list([s('a'), Value.unknown(StringType)]);
    expectValue(call(distinctFunction, l), Value.unknown(listOf(StringType)));
  });
});

describe('compact', () => {
  it('removes empty strings and nulls', () => {
    expectValue(
      call(compactFunction, tuple(s('a'), s(''), Value.nullOf(StringType), s('b'))),
      strs('a', 'b'),
    );
    expectValue(call(compactFunction, strs('', '')), list([], StringType));
  });
  it('is unknown while any element is unknown', () => {
    expectValue(
      call(compactFunction, list([s(''), Value.unknown(StringType)])),
      Value.unknown(listOf(StringType)),
    );
  });
});

describe('alltrue and anytrue', () => {
  it('alltrue: true for empty, false on a false or null element', () => {
    expectValue(call(alltrueFunction, tuple()), Value.True);
    expectValue(call(alltrueFunction, tuple(b(true), s('true'))), Value.True);
    expectValue(call(alltrueFunction, tuple(b(true), b(false))), Value.False);
    expectValue(call(alltrueFunction, list([b(true), Value.nullOf(BoolType)])), Value.False);
    expectValue(call(alltrueFunction, list([b(true), Value.unknown(BoolType)])), Value.unknown(BoolType));
    expectValue(call(alltrueFunction, list([b(false), Value.unknown(BoolType)])), Value.False);
  });
  it('anytrue: false for empty, true on any true even beside unknowns', () => {
    expectValue(call(anytrueFunction, tuple()), Value.False);
    expectValue(call(anytrueFunction, tuple(b(false), b(true))), Value.True);
    expectValue(call(anytrueFunction, list([Value.unknown(BoolType), b(true)])), Value.True);
    expectValue(call(anytrueFunction, list([Value.unknown(BoolType), b(false)])), Value.unknown(BoolType));
    expectValue(call(anytrueFunction, list([Value.nullOf(BoolType), b(false)])), Value.False);
  });
  it('reject elements that are not bools', () => {
    expectArgError(() => call(alltrueFunction, tuple(n(1))), 0, 'element 0: bool required');
  });
});

describe('sort', () => {
  it('sorts strings lexicographically, numbers as strings', () => {
    expectValue(call(sortFunction, tuple(n(3), n(1), s('b'), n(10))), strs('1', '10', '3', 'b'));
    expectValue(call(sortFunction, strs('b', 'B', 'a')), strs('B', 'a', 'b'));
    expectValue(call(sortFunction, list([], StringType)), list([], StringType));
  });
  it('orders by code point, as Go sorts UTF-8 bytes', () => {
    expectValue(call(sortFunction, strs('😀', '\uffef', 'a')), strs('a', '\uffef', '😀'));
  });
  it('is unknown when any element is unknown, and rejects nulls', () => {
    expectValue(
      call(sortFunction, list([s('a'), Value.unknown(StringType)])),
      Value.unknown(listOf(StringType)),
    );
    expectValue(call(sortFunction, Value.unknown(listOf(StringType))), Value.unknown(listOf(StringType)));
    expectFunctionError(
      () => call(sortFunction, list([s('a'), Value.nullOf(StringType)])),
      'given list element 1 is null; a null string cannot be sorted',
    );
  });
});

describe('chunklist', () => {
  it('splits into chunks of the given size', () => {
    expectValue(call(chunklistFunction, nums(1, 2, 3), n(2)), list([nums(1, 2), nums(3)]));
    expectValue(call(chunklistFunction, nums(1, 2), n(5)), list([nums(1, 2)]));
  });
  it('size 0 gives one chunk; an empty list gives no chunks', () => {
    expectValue(call(chunklistFunction, nums(1, 2, 3), n(0)), list([nums(1, 2, 3)]));
    expectValue(call(chunklistFunction, list([], NumberType), n(2)), list([], listOf(NumberType)));
  });
  it('rejects negative and fractional sizes', () => {
    expectFunctionError(() => call(chunklistFunction, nums(1), n(-1)), 'the size argument must be positive');
    expectFunctionError(() => call(chunklistFunction, nums(1), n(1.5)), `invalid size: ${WHOLE}`);
  });
  it('marks the result with the marks of list and size', () => {
    expectValue(call(chunklistFunction, nums(1).mark(SENSITIVE), n(1)), list([nums(1)]).mark(SENSITIVE));
  });
});

describe('coalescelist', () => {
  it('returns the first non-empty sequence', () => {
    expectValue(call(coalescelistFunction, list([], NumberType), nums(1)), nums(1));
    expectValue(call(coalescelistFunction, tuple(), tuple(s('a'))), tuple(s('a')));
    expectValue(call(coalescelistFunction, nums(1), strs('a')), nums(1));
  });
  it('skips nulls and stops at an unknown', () => {
    expectValue(call(coalescelistFunction, Value.nullOf(listOf(StringType)), strs('a')), strs('a'));
    expectValue(
      call(coalescelistFunction, list([], StringType), Value.unknown(listOf(StringType)), strs('a')),
      Value.DynamicUnknown,
    );
  });
  it('errors on no arguments, non-sequences and all-empty', () => {
    expectFunctionError(() => call(coalescelistFunction), 'at least one argument is required');
    expectFunctionError(
      () => call(coalescelistFunction, s('a')),
      'coalescelist arguments must be lists or tuples',
    );
    expectFunctionError(
      () => call(coalescelistFunction, tuple(), list([], DynamicType)),
      'no non-null arguments',
    );
  });
});
