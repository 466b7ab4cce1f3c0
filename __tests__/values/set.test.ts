import { Value } from '../../src/values/index';
import { makeSet, setLength } from '../../src/values/set';
import { NumberType, StringType, listOf } from '../../src/values/types';

const strs = (v: Value): unknown[] =>
  v.elements().map((e) => (e.isKnown() ? (e.isNull() ? null : e.asString()) : '?'));

describe('set semantics', () => {
  test('strings are deduplicated and sorted lexically (by UTF-8 bytes)', () => {
    const s = Value.set(['b', 'a', 'B', 'b', 'é', '😀', '\uffff'].map(Value.string));
    expect(strs(s)).toEqual(['B', 'a', 'b', 'é', '\uffff', '😀']);
  });
  test('numbers sort numerically and equal numbers merge', () => {
    const s = Value.set([10, 2, -1, 2, 1.5].map((n) => Value.number(n)));
    expect(s.elements().map((e) => e.asNumber().toNumber())).toEqual([-1, 1.5, 2, 10]);
  });
  test('bools: false before true', () => {
    expect(
      Value.set([Value.True, Value.False, Value.True])
        .elements()
        .map((e) => e.asBool()),
    ).toEqual([false, true]);
  });
  test('unknowns are never merged and come after known values; null comes last', () => {
    const u = Value.unknown(StringType);
    const s = Value.set([u, Value.nullOf(StringType), Value.string('z'), u, Value.string('a')]);
    expect(strs(s)).toEqual(['a', 'z', '?', '?', null]);
  });
  test('compound elements dedupe structurally and order by cty hash string', () => {
    const l = (...xs: string[]): Value => Value.list(xs.map(Value.string));
    const s = Value.set([l('b'), l('a', 'b'), l('b'), l('a')]);
    // cty compares hash strings bytewise: ["a";"b";] sorts before ["a";] because '"' < ']'
    expect(s.elements().map((e) => strs(e))).toEqual([['a', 'b'], ['a'], ['b']]);
    expect(s.type).toEqual({ kind: 'set', element: listOf(StringType) });
  });
  test('makeSet lifts element marks onto the set', () => {
    const s = makeSet([Value.string('x').mark('sensitive'), Value.string('y')]);
    expect(s.isSensitive()).toBe(true);
    expect(s.elements().every((e) => !e.isMarked())).toBe(true);
  });
  test('makeSet of nothing keeps the given element type', () => {
    expect(makeSet([], NumberType).type).toEqual({ kind: 'set', element: NumberType });
  });
  test('setLength is unknown when unknown elements could merge', () => {
    expect(setLength(Value.set([Value.string('a'), Value.unknown(StringType)])).isKnown()).toBe(false);
    expect(
      setLength(Value.set([Value.unknown(StringType)]))
        .asNumber()
        .toNumber(),
    ).toBe(1);
    expect(
      setLength(Value.set([Value.string('a'), Value.string('b')]))
        .asNumber()
        .toNumber(),
    ).toBe(2);
  });
});
