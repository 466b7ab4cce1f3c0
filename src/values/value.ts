import type { Num } from './number';
import { num } from './number';
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
  typeEquals,
} from './types';

/** The only mark Kiln uses today. Marks propagate through operators and functions (cty semantics). */
export const SENSITIVE = 'sensitive';

const UNKNOWN: unique symbol = Symbol('unknown');

type Raw = typeof UNKNOWN | null | string | Num | boolean | readonly Value[] | ReadonlyMap<string, Value>;

const NO_MARKS: ReadonlySet<string> = new Set();

/**
 * An immutable cty-like value: a type plus a payload that may be unknown (known only at build time)
 * or null, and a set of marks (e.g. sensitive).
 *
 * Payloads: string → JS string (NFC-normalised); number → Num (decimal); bool → boolean;
 * list/tuple/set → Value[] (sets deduplicated and in cty's set order); map/object → Map with keys in
 * lexicographic order (cty iterates maps and objects that way).
 */
export class Value {
  private constructor(
    readonly type: Type,
    private readonly raw: Raw,
    readonly marks: ReadonlySet<string> = NO_MARKS,
  ) {}

  // ---- constructors -------------------------------------------------------------------------

  static string(s: string): Value {
    return new Value(StringType, s.normalize('NFC'));
  }
  static number(n: number | string | Num): Value {
    return new Value(NumberType, num(n));
  }
  static bool(b: boolean): Value {
    return new Value(BoolType, b);
  }
  static readonly True = new Value(BoolType, true);
  static readonly False = new Value(BoolType, false);
  static readonly DynamicNull = new Value(DynamicType, null);
  /** An unknown value of unknown type: what an erroneous or not-yet-available expression yields. */
  static readonly DynamicUnknown = new Value(DynamicType, UNKNOWN);

  static nullOf(t: Type): Value {
    return new Value(t, null);
  }
  static unknown(t: Type): Value {
    return new Value(t, UNKNOWN);
  }
  /** A list; all elements must already have the same type. elementType is needed when empty. */
  static list(elements: readonly Value[], elementType?: Type): Value {
    const et = elementType ?? (elements.length > 0 ? elements[0].type : DynamicType);
    return new Value(listOf(et), [...elements]);
  }
  static tuple(elements: readonly Value[]): Value {
    return new Value(tupleOf(elements.map((e) => e.type)), [...elements]);
  }
  /** A map; all values must already have the same type. */
  static map(
    entries: ReadonlyMap<string, Value> | Readonly<Record<string, Value>>,
    elementType?: Type,
  ): Value {
    const m = toSortedMap(entries);
    const first = m.values().next();
    const et = elementType ?? (first.done ? DynamicType : first.value.type);
    return new Value(mapOf(et), m);
  }
  static object(entries: ReadonlyMap<string, Value> | Readonly<Record<string, Value>>): Value {
    const m = toSortedMap(entries);
    const attrs: Record<string, Type> = {};
    for (const [k, v] of m) attrs[k] = v.type;
    return new Value(objectOf(attrs), m);
  }
  /**
   * A set. Elements must already have the same type and be known; duplicates are removed and the
   * elements ordered by `setOrder` (installed by ./set.ts so that this module stays small).
   */
  static set(elements: readonly Value[], elementType?: Type): Value {
    const et = elementType ?? (elements.length > 0 ? elements[0].type : DynamicType);
    return new Value(setOf(et), Value.setNormalizer(elements));
  }
  /** Replaced by ./set.ts with cty's dedupe-and-order rule. */
  static setNormalizer: (elements: readonly Value[]) => readonly Value[] = (e) => [...e];

  /** Internal constructor for modules of this package that build values of a precise type. */
  static fromRaw(t: Type, raw: Raw, marks?: ReadonlySet<string>): Value {
    return new Value(t, raw, marks ?? NO_MARKS);
  }

  // ---- state --------------------------------------------------------------------------------

  isKnown(): boolean {
    return this.raw !== UNKNOWN;
  }
  isNull(): boolean {
    return this.raw === null;
  }
  /** Known, and every nested element known too. */
  isWhollyKnown(): boolean {
    if (this.raw === UNKNOWN) return false;
    if (this.raw === null) return true;
    if (Array.isArray(this.raw)) return (this.raw as readonly Value[]).every((v) => v.isWhollyKnown());
    if (this.raw instanceof Map) return [...this.raw.values()].every((v) => v.isWhollyKnown());
    return true;
  }

  // ---- marks --------------------------------------------------------------------------------

  isMarked(): boolean {
    return this.marks.size > 0;
  }
  hasMark(m: string): boolean {
    return this.marks.has(m);
  }
  isSensitive(): boolean {
    return this.marks.has(SENSITIVE);
  }
  mark(m: string): Value {
    if (this.marks.has(m)) return this;
    return new Value(this.type, this.raw, new Set([...this.marks, m]));
  }
  withMarks(marks: Iterable<string>): Value {
    const all = new Set([...this.marks, ...marks]);
    if (all.size === this.marks.size) return this;
    return new Value(this.type, this.raw, all);
  }
  /** The value without its own (top-level) marks, and those marks. */
  unmark(): [Value, ReadonlySet<string>] {
    if (this.marks.size === 0) return [this, NO_MARKS];
    return [new Value(this.type, this.raw), this.marks];
  }
  /** Removes marks at every depth, returning the union of all of them. */
  unmarkDeep(): [Value, ReadonlySet<string>] {
    const all = new Set<string>(this.marks);
    const strip = (v: Value): Value => {
      for (const m of v.marks) all.add(m);
      if (Array.isArray(v.raw)) return new Value(v.type, (v.raw as readonly Value[]).map(strip));
      if (v.raw instanceof Map) {
        const m = new Map<string, Value>();
        for (const [k, e] of v.raw) m.set(k, strip(e));
        return new Value(v.type, m);
      }
      return v.marks.size ? new Value(v.type, v.raw) : v;
    };
    return [strip(this), all];
  }
  /** True if this value or anything nested in it is marked. */
  containsMarked(): boolean {
    if (this.marks.size) return true;
    if (Array.isArray(this.raw)) return (this.raw as readonly Value[]).some((v) => v.containsMarked());
    if (this.raw instanceof Map) return [...this.raw.values()].some((v) => v.containsMarked());
    return false;
  }

  // ---- accessors (callers must check isKnown/isNull first; misuse is a bug and throws) --------

  asString(): string {
    return this.expect('string') as string;
  }
  asNumber(): Num {
    return this.expect('number') as Num;
  }
  asBool(): boolean {
    return this.expect('bool') as boolean;
  }
  /** Elements of a list, set or tuple. */
  elements(): readonly Value[] {
    this.assertUsable();
    if (!Array.isArray(this.raw)) throw new Error(`Value.elements on ${this.type.kind}`);
    return this.raw as readonly Value[];
  }
  /** Entries of a map or object, in lexicographic key order. */
  entries(): ReadonlyMap<string, Value> {
    this.assertUsable();
    if (!(this.raw instanceof Map)) throw new Error(`Value.entries on ${this.type.kind}`);
    return this.raw;
  }
  /** Number of elements or entries of a collection or structural value. */
  length(): number {
    this.assertUsable();
    if (Array.isArray(this.raw)) return this.raw.length;
    if (this.raw instanceof Map) return this.raw.size;
    throw new Error(`Value.length on ${this.type.kind}`);
  }
  /** Attribute of an object (undefined when the object type has no such attribute). */
  getAttr(name: string): Value | undefined {
    return this.entries().get(name);
  }

  hasType(t: Type): boolean {
    return typeEquals(this.type, t);
  }

  private assertUsable(): void {
    if (this.raw === UNKNOWN) throw new Error('use of unknown value');
    if (this.raw === null) throw new Error('use of null value');
  }
  private expect(kind: 'string' | 'number' | 'bool'): Raw {
    this.assertUsable();
    if (this.type.kind !== kind) throw new Error(`Value is ${this.type.kind}, not ${kind}`);
    return this.raw;
  }
}

function toSortedMap(
  entries: ReadonlyMap<string, Value> | Readonly<Record<string, Value>>,
): Map<string, Value> {
  const pairs: [string, Value][] =
    entries instanceof Map ? [...entries.entries()] : Object.entries(entries as Record<string, Value>);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(pairs);
}
