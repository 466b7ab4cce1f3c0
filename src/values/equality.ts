import './set';
import { formatNumber } from './number-format';
import type { Num } from './number';
import { BoolType, hasDynamicTypes, typeEquals } from './types';
import { Value } from './value';

/**
 * cty's Value.Equals: a bool value, unknown when the answer depends on unknown values. Marks on either
 * side (at any depth) mark the result, except that comparing a marked value with null only carries
 * the top-level marks (so `sensitive_thing == null` does not become sensitive because of its contents).
 */
export function equals(a: Value, b: Value): Value {
  if (a.containsMarked() || b.containsMarked()) {
    const [ua, deepA] = a.unmarkDeep();
    const [ub, deepB] = b.unmarkDeep();
    let marksA: ReadonlySet<string> = deepA;
    let marksB: ReadonlySet<string> = deepB;
    if (Number(a.isNull()) + Number(b.isNull()) === 1) {
      marksA = a.marks;
      marksB = b.marks;
    }
    return equals(ua, ub).withMarks(marksA).withMarks(marksB);
  }

  const definitelyNotNull = (v: Value): boolean => v.isKnown() && !v.isNull();
  if (a.isNull() && definitelyNotNull(b)) return Value.False;
  if (b.isNull() && definitelyNotNull(a)) return Value.False;

  const unknown = Value.unknown(BoolType);
  if (!a.isKnown() && !b.isKnown()) return unknown;
  if (a.isKnown() && !b.isKnown()) {
    if (a.isNull() || hasDynamicTypes(b.type)) return unknown;
    return typeEquals(a.type, b.type) ? unknown : Value.False;
  }
  if (b.isKnown() && !a.isKnown()) {
    if (b.isNull() || hasDynamicTypes(a.type)) return unknown;
    return typeEquals(a.type, b.type) ? unknown : Value.False;
  }

  if (a.isNull() && b.isNull()) return Value.True;
  if (a.isNull() || b.isNull()) return Value.False;

  if (hasDynamicTypes(a.type) || hasDynamicTypes(b.type)) {
    // cty: types that cannot conform either way are simply unequal; otherwise we cannot tell yet.
    if (!conforms(a.type, b.type) && !conforms(b.type, a.type)) return Value.False;
    return unknown;
  }
  if (!typeEquals(a.type, b.type)) return Value.False;

  switch (a.type.kind) {
    case 'number':
      return Value.bool(numbersEqual(a.asNumber(), b.asNumber()));
    case 'bool':
      return Value.bool(a.asBool() === b.asBool());
    case 'string':
      return Value.bool(a.asString() === b.asString());
    case 'list':
    case 'tuple': {
      const ea = a.elements();
      const eb = b.elements();
      if (ea.length !== eb.length) return Value.False;
      return allEqual(ea.map((e, i) => [e, eb[i]]));
    }
    case 'object':
    case 'map': {
      const ma = a.entries();
      const mb = b.entries();
      if (ma.size !== mb.size) return Value.False;
      const pairs: [Value, Value][] = [];
      for (const [k, v] of ma) {
        const o = mb.get(k);
        if (o === undefined) return Value.False;
        pairs.push([v, o]);
      }
      return allEqual(pairs);
    }
    case 'set': {
      const ea = a.elements();
      const eb = b.elements();
      if ([...ea, ...eb].some((e) => !e.isKnown())) return unknown;
      const has = (xs: readonly Value[], x: Value): boolean => xs.some((y) => isTrue(equals(x, y)));
      return Value.bool(ea.every((x) => has(eb, x)) && eb.every((x) => has(ea, x)));
    }
    default:
      return unknown;
  }
}

/** Pairwise equality in order, stopping at the first false; unknown as soon as one is unknown. */
function allEqual(pairs: readonly (readonly [Value, Value])[]): Value {
  for (const [x, y] of pairs) {
    const eq = equals(x, y);
    if (!eq.isKnown()) return Value.unknown(BoolType);
    if (!eq.asBool()) return Value.False;
  }
  return Value.True;
}

function isTrue(v: Value): boolean {
  return v.isKnown() && !v.isNull() && v.asBool();
}

/**
 * cty compares non-integers by their shortest decimal text so that numbers which went through a
 * decimal round trip still compare equal; -0 equals 0.
 */
export function numbersEqual(a: Num, b: Num): boolean {
  if (a.isNaN() || b.isNaN()) return false;
  if (a.eq(b)) return true;
  if (!a.isFinite() || !b.isFinite()) return false;
  if (a.isInteger() || b.isInteger()) return false;
  return formatNumber(a) === formatNumber(b);
}

/** cty's TestConformance(want=b): can a value of type a stand where b (which may contain dynamic) is wanted? */
function conforms(a: Value['type'], b: Value['type']): boolean {
  if (b.kind === 'dynamic') return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list':
    case 'set':
    case 'map':
      return conforms(a.element, (b as typeof a).element);
    case 'tuple': {
      const be = (b as typeof a).elements;
      return a.elements.length === be.length && a.elements.every((t, i) => conforms(t, be[i]));
    }
    case 'object': {
      const bo = (b as typeof a).attributes;
      const ak = Object.keys(a.attributes);
      if (ak.length !== Object.keys(bo).length) return false;
      return ak.every((k) => k in bo && conforms(a.attributes[k], bo[k]));
    }
    default:
      return true;
  }
}

/**
 * cty's RawEquals: strict structural identity, for tests and for functions such as distinct and
 * contains. Types and marks must match exactly; unknown equals unknown of the same type; null equals
 * null of the same type.
 */
export function rawEquals(a: Value, b: Value): boolean {
  if (!typeEquals(a.type, b.type)) return false;
  if (!sameMarks(a.marks, b.marks)) return false;
  if (!a.isKnown() || !b.isKnown()) return !a.isKnown() && !b.isKnown();
  if (a.isNull() || b.isNull()) return a.isNull() && b.isNull();
  switch (a.type.kind) {
    case 'number':
      return numbersEqual(a.asNumber(), b.asNumber());
    case 'bool':
      return a.asBool() === b.asBool();
    case 'string':
      return a.asString() === b.asString();
    case 'list':
    case 'tuple':
    case 'set': {
      const ea = a.elements();
      const eb = b.elements();
      return ea.length === eb.length && ea.every((e, i) => rawEquals(e, eb[i]));
    }
    case 'map':
    case 'object': {
      const ma = a.entries();
      const mb = b.entries();
      if (ma.size !== mb.size) return false;
      for (const [k, v] of ma) {
        const o = mb.get(k);
        if (o === undefined || !rawEquals(v, o)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

function sameMarks(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((m) => b.has(m));
}
