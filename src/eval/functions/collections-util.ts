/**
 * Small helpers shared by the collection function files (collections-*.ts).
 */
import { compareCodePoints } from '../../text/code-points';
import { Num } from '../../values/number';
import type { Type } from '../../values/types';
import { Value } from '../../values/value';

export function numberOf(i: number | bigint): Value {
  return Value.number(new Num(i.toString()));
}

/** The union of several mark sets. */
export function unionMarks(...sets: ReadonlySet<string>[]): ReadonlySet<string> {
  const all = new Set<string>();
  for (const s of sets) for (const m of s) all.add(m);
  return all;
}

/** A list of the given element type; cty builds empty lists explicitly typed, as we must too. */
export function listValue(elements: readonly Value[], elementType: Type): Value {
  return Value.list(elements, elementType);
}

/** Attribute names of an object type in cty's iteration order. */
export function sortedAttributeNames(t: Extract<Type, { kind: 'object' }>): string[] {
  return Object.keys(t.attributes).sort(compareCodePoints);
}

/** Map/object entries in cty's iteration order (lexicographic by key bytes). */
export function sortedEntries(v: Value): [string, Value][] {
  return [...v.entries()].sort((a, b) => compareCodePoints(a[0], b[0]));
}

export { graphemeCount } from '../../text/graphemes';
