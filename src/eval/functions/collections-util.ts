/**
 * Small helpers shared by the collection function files (collections-*.ts).
 */
import { Num } from '../../values/number';
import type { Type } from '../../values/types';
import { Value } from '../../values/value';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** cty's gocty message for a number that does not fit a Go int (always int64 on Packer's platforms). */
export const WHOLE_NUMBER_MESSAGE = `value must be a whole number, between ${INT64_MIN} and ${INT64_MAX}`;

/**
 * The number as a Go int, or undefined when it is fractional or outside int64 (where cty's gocty
 * conversion fails). bigint keeps huge-but-valid indices exact before any modulo arithmetic.
 */
export function toGoInt(n: Num): bigint | undefined {
  if (!n.isFinite() || !n.isInteger()) return undefined;
  const b = BigInt(n.toFixed(0));
  return b < INT64_MIN || b > INT64_MAX ? undefined : b;
}

/** A known number argument as a Go int, or throws the error built by makeError from gocty's message. */
export function goIntArg(v: Value, makeError: (message: string) => Error): bigint {
  const i = toGoInt(v.unmark()[0].asNumber());
  if (i === undefined) throw makeError(WHOLE_NUMBER_MESSAGE);
  return i;
}

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

/**
 * Go's sort.Strings order: byte-wise UTF-8, which is the same as code point order. JavaScript's `<`
 * compares UTF-16 code units, which puts astral characters before U+E000–U+FFFF; this does not.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
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
