import {
  coalesceFunction,
  keysFunction,
  lookupFunction,
  mergeFunction,
  valuesFunction,
  zipmapFunction,
} from '../../../src/eval/functions/collections-maps';
import { EmptyObjectType, NumberType, StringType, listOf, mapOf, objectOf } from '../../../src/values/types';
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
  strs,
  tuple,
} from './collections-helpers';

describe('keys', () => {
  it('lists map keys in lexicographic order', () => {
    expectValue(call(keysFunction, map({ b: n(1), a: n(2), B: n(3) })), strs('B', 'a', 'b'));
    expectValue(call(keysFunction, map({}, NumberType)), list([], StringType));
  });
  it('gives a tuple of attribute names for objects, even unknown ones', () => {
    expectValue(call(keysFunction, obj({ b: n(1), a: s('x') })), tuple(s('a'), s('b')));
    expectValue(call(keysFunction, obj({})), tuple());
    expectValue(
      call(keysFunction, Value.unknown(objectOf({ y: NumberType, x: StringType }))),
      tuple(s('x'), s('y')),
    );
  });
  it('is unknown for an unknown map and keeps marks', () => {
    expectValue(call(keysFunction, Value.unknown(mapOf(StringType))), Value.unknown(listOf(StringType)));
    expectValue(call(keysFunction, map({ a: n(1) }).mark(SENSITIVE)), strs('a').mark(SENSITIVE));
  });
  it('rejects other types', () => {
    expectArgError(() => call(keysFunction, nums(1)), 0, 'must have map or object type');
  });
});

describe('values', () => {
  it('lists values in key order', () => {
    expectValue(call(valuesFunction, map({ b: n(1), a: n(2) })), nums(2, 1));
    expectValue(call(valuesFunction, obj({ b: n(1), a: s('x') })), tuple(s('x'), n(1)));
    expectValue(call(valuesFunction, map({}, StringType)), list([], StringType));
    expectValue(call(valuesFunction, obj({})), tuple());
  });
  it('keeps element and container marks', () => {
    expectValue(call(valuesFunction, map({ a: s('x').mark(SENSITIVE) })), list([s('x').mark(SENSITIVE)]));
    expectValue(call(valuesFunction, map({ a: s('x') }).mark(SENSITIVE)), strs('x').mark(SENSITIVE));
  });
  it('rejects other types', () => {
    expectFunctionError(() => call(valuesFunction, nums(1)), 'values() requires a map as the first argument');
  });
});

describe('lookup', () => {
  it('reads a map element or falls back to the default, converted', () => {
    expectValue(call(lookupFunction, map({ a: s('x') }), s('a'), s('d')), s('x'));
    expectValue(call(lookupFunction, map({ a: s('x') }), s('b'), s('d')), s('d'));
    expectValue(call(lookupFunction, map({ a: s('x') }), s('b'), n(1)), s('1'));
  });
  it('reads an object attribute, whose type may differ from the default', () => {
    const o = obj({ a: n(1), b: s('x') });
    expectValue(call(lookupFunction, o, s('a'), s('d')), n(1));
    expectValue(call(lookupFunction, o, s('z'), obj({ x: n(1) })), obj({ x: n(1) }));
  });
  it('rejects a default that does not fit the map and non-maps', () => {
    expectArgError(
      () => call(lookupFunction, map({ a: n(1) }), s('a'), tuple()),
      2,
      'the default value must have the same type as the map elements',
    );
    expectArgError(
      () => call(lookupFunction, nums(1), s('a'), n(1)),
      0,
      'lookup() requires a map as the first argument',
    );
    expectArgError(
      () => call(lookupFunction, map({ a: n(1) }), s('a'), Value.DynamicNull),
      2,
      'argument must not be null',
    );
  });
  it('is unknown when the map is not wholly known or the key is unknown', () => {
    const m = map({ a: s('x'), b: Value.unknown(StringType) });
    expectValue(call(lookupFunction, m, s('a'), s('d')), Value.unknown(StringType));
    expectValue(
      call(lookupFunction, obj({ a: n(1) }), Value.unknown(StringType), s('d')),
      Value.DynamicUnknown,
    );
  });
  it('marks the result with the map and key marks', () => {
    expectValue(
      call(lookupFunction, map({ a: s('x') }).mark(SENSITIVE), s('a'), s('d')),
      s('x').mark(SENSITIVE),
    );
    expectValue(
      call(lookupFunction, map({ a: s('x') }), s('a').mark(SENSITIVE), s('d')),
      s('x').mark(SENSITIVE),
    );
  });
});

describe('merge', () => {
  it('merges maps of one type into a map, later keys winning', () => {
    expectValue(call(mergeFunction, map({ a: n(1), b: n(2) }), map({ b: n(3) })), map({ a: n(1), b: n(3) }));
  });
  it('merges objects (or mixed inputs) into an object', () => {
    expectValue(call(mergeFunction, obj({ a: n(1) }), obj({ b: s('x') })), obj({ a: n(1), b: s('x') }));
    expectValue(call(mergeFunction, obj({ a: n(1) }), obj({ a: s('x') })), obj({ a: s('x') }));
    expectValue(call(mergeFunction, map({ a: n(1) }), obj({ b: b(true) })), obj({ a: n(1), b: b(true) }));
    expectValue(call(mergeFunction, obj({ a: n(1) }), obj({ a: n(2) })), obj({ a: n(2) }));
  });
  it('skips null arguments and returns an empty object for no arguments', () => {
    expectValue(call(mergeFunction, obj({ a: n(1) }), Value.DynamicNull), obj({ a: n(1) }));
    expectValue(call(mergeFunction, map({ a: n(1) }), Value.nullOf(mapOf(NumberType))), map({ a: n(1) }));
    expectValue(call(mergeFunction), Value.object({}));
    expect(call(mergeFunction).type).toEqual(EmptyObjectType);
  });
  it('rejects non-maps', () => {
    expectFunctionError(
      () => call(mergeFunction, obj({}), n(5)),
      'arguments must be maps or objects, got "number"',
    );
  });
  it('cannot predict the type of an unknown map mixed with objects', () => {
    expectValue(
      call(mergeFunction, Value.unknown(mapOf(StringType)), obj({ a: n(1) })),
      Value.DynamicUnknown,
    );
    expectValue(call(mergeFunction, map({ a: n(1) }), Value.DynamicUnknown), Value.DynamicUnknown);
  });
  it('carries argument marks', () => {
    expectValue(
      call(mergeFunction, map({ a: n(1) }).mark(SENSITIVE), map({ b: n(2) })),
      map({ a: n(1), b: n(2) }).mark(SENSITIVE),
    );
  });
});

describe('zipmap', () => {
  it('makes a map from a list of values', () => {
    expectValue(call(zipmapFunction, strs('a', 'b'), nums(1, 2)), map({ a: n(1), b: n(2) }));
    expectValue(call(zipmapFunction, list([], StringType), list([], NumberType)), map({}, NumberType));
  });
  it('makes an object from a tuple of values', () => {
    expectValue(call(zipmapFunction, strs('a', 'b'), tuple(n(1), s('x'))), obj({ a: n(1), b: s('x') }));
    expectValue(call(zipmapFunction, tuple(), tuple()), obj({}));
  });
  it('lets a repeated key take the later value', () => {
    expectValue(call(zipmapFunction, strs('a', 'a'), nums(1, 2)), map({ a: n(2) }));
  });
  it('errors on length mismatch and bad values', () => {
    expectFunctionError(
      () => call(zipmapFunction, strs('a', 'b'), tuple(n(1))),
      'number of keys (2) does not match number of values (1)',
    );
    expectFunctionError(
      () => call(zipmapFunction, strs('a', 'b'), nums(1)),
      'number of keys (2) does not match number of values (1)',
    );
    expectFunctionError(
      () => call(zipmapFunction, strs('a'), s('x')),
      'values argument must be a list or tuple value',
    );
    expectFunctionError(
      () => call(zipmapFunction, list([s('a'), Value.nullOf(StringType)]), tuple(n(1), n(2))),
      'keys list has null value at index 1',
    );
  });
  it('is unknown while keys are unknown', () => {
    const keys = list([s('a'), Value.unknown(StringType)]);
    expectValue(call(zipmapFunction, keys, tuple(n(1), n(2))), Value.DynamicUnknown);
    expectValue(call(zipmapFunction, keys, nums(1, 2)), Value.unknown(mapOf(NumberType)));
  });
  it('moves key marks onto the result', () => {
    expectValue(
      call(zipmapFunction, list([s('a').mark(SENSITIVE)]), nums(1)),
      map({ a: n(1) }).mark(SENSITIVE),
    );
  });
});

describe('coalesce', () => {
  it('returns the first non-null, non-empty-string argument', () => {
    expectValue(call(coalesceFunction, s(''), s('a'), s('b')), s('a'));
    expectValue(call(coalesceFunction, Value.DynamicNull, n(1), n(2)), n(1));
    expectValue(call(coalesceFunction, n(0), n(1)), n(0));
  });
  it('unifies argument types', () => {
    expectValue(call(coalesceFunction, s(''), Value.DynamicNull, n(1)), s('1'));
    expectValue(call(coalesceFunction, n(1), s('a')), s('1'));
  });
  it('stops at an unknown argument', () => {
    expectValue(call(coalesceFunction, s(''), Value.unknown(StringType), s('a')), Value.unknown(StringType));
    expectValue(call(coalesceFunction, s('a'), Value.unknown(StringType)), s('a'));
  });
  it('errors when types do not unify or nothing qualifies', () => {
    expectFunctionError(() => call(coalesceFunction, n(1), b(true)), 'all arguments must have the same type');
    expectFunctionError(() => call(coalesceFunction), 'all arguments must have the same type');
    expectFunctionError(
      () => call(coalesceFunction, Value.DynamicNull, s('')),
      'no non-null, non-empty-string arguments',
    );
  });
  it('propagates marks', () => {
    expectValue(call(coalesceFunction, s('a').mark(SENSITIVE), s('b')), s('a').mark(SENSITIVE));
  });
});

describe('merge with null objects', () => {
  it('treats a null object as having no attributes', () => {
    const nullObj = Value.nullOf(objectOf({ a: NumberType }));
    expectValue(call(mergeFunction, nullObj, nullObj), obj({}));
    expectValue(call(mergeFunction, nullObj, obj({ b: s('x') })), obj({ b: s('x') }));
  });
});
