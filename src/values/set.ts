import { setHashString } from './set-hash';
import { equals } from './equality';
import type { Type } from './types';
import { DynamicType, NumberType, setOf } from './types';
import { Value } from './value';

/**
 * cty set semantics.
 *
 * Membership: two elements are the same when cty's Equals says a known true. Unknown values (and
 * values containing unknowns) are therefore never merged: a set may hold several unknowns, and its
 * length is then not really known (see setLength).
 *
 * Order (cty's setRules.Less, applied with a stable sort): known non-null elements first, then
 * unknown elements in insertion order, then null. Strings sort lexically by UTF-8 bytes, numbers
 * numerically, bools false before true; every other type sorts by the bytes of cty's set hash
 * string, which cty documents as consistent but not a compatibility promise.
 *
 * Marks: cty cannot store marked elements in a set; SetVal moves every element's marks (at any
 * depth) onto the set itself. makeSet does that. The bare Value.set keeps element marks as given.
 */
export function normalizeSetElements(elements: readonly Value[]): readonly Value[] {
  const kept: Value[] = [];
  for (const e of elements) {
    if (!kept.some((k) => isSameMember(k, e))) kept.push(e);
  }
  const keyed = kept.map((v, i) => ({ v, i, key: sortKey(v) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i);
  return keyed.map((k) => k.v);
}

function isSameMember(a: Value, b: Value): boolean {
  const eq = equals(a.unmarkDeep()[0], b.unmarkDeep()[0]);
  return eq.isKnown() && !eq.isNull() && eq.asBool();
}

/** Rank 0: known non-null; 1: unknown; 2: null. Ties within a rank beyond `cmp` keep insertion order. */
type SortKey = { rank: 0; cmp: string | number | Value } | { rank: 1 | 2 };

function sortKey(v: Value): SortKey {
  const u = v.unmarkDeep()[0];
  if (u.isNull()) return { rank: 2 };
  if (!u.isKnown()) return { rank: 1 };
  switch (u.type.kind) {
    case 'string':
      return { rank: 0, cmp: utf8Sortable(u.asString()) };
    case 'bool':
      return { rank: 0, cmp: u.asBool() ? 1 : 0 };
    case 'number':
      return { rank: 0, cmp: u };
    default:
      return { rank: 0, cmp: utf8Sortable(setHashString(u)) };
  }
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank !== 0 || b.rank !== 0) return 0;
  const x = a.cmp;
  const y = b.cmp;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (x instanceof Value && y instanceof Value) return x.asNumber().comparedTo(y.asNumber());
  return 0;
}

/**
 * Go compares strings by UTF-8 bytes; JS compares UTF-16 code units. The two orders differ only for
 * characters above U+FFFF versus U+E000–U+FFFF, so re-encode to a string whose code units follow
 * the byte order (one code unit per byte).
 */
function utf8Sortable(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\ud7ff]*$/.test(s)) return s;
  return Buffer.from(s, 'utf8').toString('latin1');
}

/**
 * A set value as cty.SetVal builds it: element marks are lifted onto the set, duplicates merged,
 * elements ordered. elementType is required when elements is empty; null elements are kept.
 */
export function makeSet(elements: readonly Value[], elementType?: Type): Value {
  const marks = new Set<string>();
  const plain = elements.map((e) => {
    const [u, m] = e.unmarkDeep();
    for (const x of m) marks.add(x);
    return u;
  });
  let et = elementType ?? DynamicType;
  if (!elementType) {
    for (const e of plain) {
      if (e.type.kind !== 'dynamic') {
        et = e.type;
        break;
      }
    }
  }
  const set = Value.fromRaw(setOf(et), normalizeSetElements(plain));
  return marks.size ? set.withMarks(marks) : set;
}

/**
 * The length of a set as cty.Value.Length reports it: unknown when the set is unknown, or when it
 * holds unknown elements (they may turn out equal to others) and more than one element.
 */
export function setLength(v: Value): Value {
  const [u, marks] = v.unmark();
  if (!u.isKnown()) return Value.unknown(NumberType).withMarks(marks);
  const n = u.length();
  if (n === 1 || u.isWhollyKnown()) return Value.number(n).withMarks(marks);
  return Value.unknown(NumberType).withMarks(marks);
}

Value.setNormalizer = normalizeSetElements;
