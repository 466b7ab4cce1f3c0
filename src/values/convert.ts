import './set';
import { ConversionError, type Path, type PathStep } from './conversion-error';
import { mismatchMessage } from './mismatch';
import { formatNumber, numberFromString } from './number-format';
import { makeSet } from './set';
import type { Type } from './types';
import { DynamicType, isPrimitive, listOf, mapOf, setOf, tupleOf, typeEquals } from './types';
import { isOptionalAttribute, withoutOptionalAttributesDeep } from './type-utils';
import { unifyInternal } from './unify';
import { Value } from './value';

export { ConversionError } from './conversion-error';
export { unify, unifyUnsafe } from './unify';

/**
 * cty's convert package. A conversion maps a value of one type to another and throws ConversionError
 * (with cty's wording and a path) when the particular value cannot be converted, e.g. "abc" to number.
 * "Safe" conversions never fail for known values (number→string, list→list of a safe element
 * conversion, ...); "unsafe" ones may (string→number, list→set, map→object, from dynamic).
 */
export type Conversion = (v: Value) => Value;
type PathConversion = (v: Value, path: Path) => Value;

/** Converts v to type want (unsafe conversions allowed), as cty's convert.Convert. */
export function convert(v: Value, want: Type): Value {
  if (typeEquals(v.type, withoutOptionalAttributesDeep(want))) return v;
  const conv = conversionFor(v.type, want, true);
  if (!conv) throw new ConversionError(mismatchMessage(v.type, want));
  return conv(v, []);
}

/** True when some value of type `from` could convert to `to` (unsafe conversions allowed). */
export function canConvert(from: Type, to: Type): boolean {
  return typeEquals(from, withoutOptionalAttributesDeep(to)) || conversionFor(from, to, true) !== undefined;
}

/** cty's GetConversion: only conversions that cannot fail for a known value; undefined when none. */
export function getConversion(from: Type, to: Type): Conversion | undefined {
  return publicConversion(conversionFor(from, to, false));
}

/** cty's GetConversionUnsafe. */
export function getConversionUnsafe(from: Type, to: Type): Conversion | undefined {
  return publicConversion(conversionFor(from, to, true));
}

function publicConversion(c: PathConversion | undefined): Conversion | undefined {
  return c ? (v) => c(v, []) : undefined;
}

/** @internal shared with unify.ts */
export function conversionFor(from: Type, to: Type, unsafe: boolean): PathConversion | undefined {
  const conv = knownConversion(from, to, unsafe);
  if (!conv) return undefined;
  const wrapped: PathConversion = (v, path) => {
    if (v.marks.size > 0) {
      const [u, marks] = v.unmark();
      return wrapped(u, path).withMarks(marks);
    }
    if (to.kind === 'dynamic') return v;
    if (!v.isKnown()) return Value.unknown(dynamicReplace(v.type, withoutOptionalAttributesDeep(to)));
    if (v.isNull()) return Value.nullOf(dynamicReplace(v.type, withoutOptionalAttributesDeep(to)));
    return conv(v, path);
  };
  return wrapped;
}

function knownConversion(from: Type, to: Type, unsafe: boolean): PathConversion | undefined {
  if (to.kind === 'dynamic') return (v) => v;
  if (unsafe && from.kind === 'dynamic') {
    return (v, path) => {
      try {
        return convert(v, to);
      } catch (e) {
        if (e instanceof ConversionError) throw new ConversionError(e.message, [...path, ...e.path]);
        throw e;
      }
    };
  }
  if (isPrimitive(from) && isPrimitive(to)) return primitiveConversion(from, to, unsafe);
  if (to.kind === 'object' && from.kind === 'object') return objectToObject(from, to, unsafe);
  if (to.kind === 'tuple' && from.kind === 'tuple') return tupleToTuple(from, to, unsafe);
  if (to.kind === 'list' && (from.kind === 'list' || from.kind === 'set')) {
    if (typeEquals(from.element, to.element)) return collectionToList(to.element, undefined);
    const ec = conversionFor(from.element, to.element, unsafe);
    return ec && collectionToList(to.element, ec);
  }
  if (to.kind === 'set' && (from.kind === 'list' || from.kind === 'set')) {
    // list → set loses order and merges duplicates, so it is unsafe
    if (from.kind === 'list' && !unsafe) return undefined;
    if (typeEquals(from.element, to.element)) return collectionToSet(to.element, undefined);
    const ec = conversionFor(from.element, to.element, unsafe);
    return ec && collectionToSet(to.element, ec);
  }
  if (to.kind === 'map' && from.kind === 'map') {
    const ec = conversionFor(from.element, to.element, unsafe);
    return ec && collectionToMap(to.element, ec, unsafe);
  }
  if (to.kind === 'list' && from.kind === 'tuple')
    return tupleToSequence('list', from.elements, to.element, unsafe);
  if (to.kind === 'set' && from.kind === 'tuple')
    return tupleToSequence('set', from.elements, to.element, unsafe);
  if (to.kind === 'map' && from.kind === 'object') return objectToMap(from, to.element, unsafe);
  if (to.kind === 'object' && from.kind === 'map') return unsafe ? mapToObject(from, to, unsafe) : undefined;
  return undefined;
}

// ---- primitives ---------------------------------------------------------------------------------

function primitiveConversion(from: Type, to: Type, unsafe: boolean): PathConversion | undefined {
  if (from.kind === 'number' && to.kind === 'string') return (v) => Value.string(formatNumber(v.asNumber()));
  if (from.kind === 'bool' && to.kind === 'string') return (v) => Value.string(v.asBool() ? 'true' : 'false');
  if (!unsafe || from.kind !== 'string') return undefined;
  if (to.kind === 'number') {
    return (v, path) => {
      const n = numberFromString(v.asString());
      if (n === undefined) throw new ConversionError('a number is required', path);
      return Value.number(n);
    };
  }
  if (to.kind === 'bool') {
    return (v, path) => {
      const s = v.asString();
      if (s === 'true' || s === '1') return Value.True;
      if (s === 'false' || s === '0') return Value.False;
      const lower = s.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        throw new ConversionError(
          `a bool is required; to convert from string, use lowercase "${lower}"`,
          path,
        );
      }
      throw new ConversionError('a bool is required', path);
    };
  }
  return undefined;
}

// ---- structural ---------------------------------------------------------------------------------

type ObjectType = Extract<Type, { kind: 'object' }>;

function objectToObject(from: ObjectType, to: ObjectType, unsafe: boolean): PathConversion | undefined {
  const attrConvs = new Map<string, PathConversion | undefined>();
  for (const [name, outAty] of Object.entries(to.attributes)) {
    const inAty = from.attributes[name];
    if (inAty === undefined) {
      if (isOptionalAttribute(to, name)) continue;
      return undefined;
    }
    if (typeEquals(inAty, outAty)) {
      attrConvs.set(name, undefined);
      continue;
    }
    const c = conversionFor(inAty, outAty, unsafe);
    if (!c) return undefined;
    attrConvs.set(name, c);
  }
  return (v, path) => {
    const out = new Map<string, Value>();
    for (const [name, e] of v.entries()) {
      if (!attrConvs.has(name)) continue;
      const c = attrConvs.get(name);
      out.set(name, nullWithoutOptional(c ? c(e, [...path, attrStep(name)]) : e));
    }
    for (const name of to.optional ?? []) {
      if (!out.has(name)) out.set(name, Value.nullOf(withoutOptionalAttributesDeep(to.attributes[name])));
    }
    return Value.object(out);
  };
}

function tupleToTuple(
  from: Extract<Type, { kind: 'tuple' }>,
  to: Extract<Type, { kind: 'tuple' }>,
  unsafe: boolean,
): PathConversion | undefined {
  if (from.elements.length !== to.elements.length) return undefined;
  const convs: (PathConversion | undefined)[] = [];
  for (let i = 0; i < to.elements.length; i++) {
    if (typeEquals(from.elements[i], to.elements[i])) {
      convs.push(undefined);
      continue;
    }
    const c = conversionFor(from.elements[i], to.elements[i], unsafe);
    if (!c) return undefined;
    convs.push(c);
  }
  return (v, path) =>
    Value.tuple(
      v.elements().map((e, i) => {
        const c = convs[i];
        return c ? c(e, [...path, indexStep(i)]) : e;
      }),
    );
}

// ---- collections --------------------------------------------------------------------------------

function collectionToList(ety: Type, conv: PathConversion | undefined): PathConversion {
  return (v, path) => {
    if (v.type.kind === 'set' && !v.isWhollyKnown() && v.length() > 1) {
      // a set with unknown elements has an unknown length, so the list's length is unknown too
      return Value.unknown(listOf(collectionElement(v.type)));
    }
    const elems = v
      .elements()
      .map((e, i) => nullWithoutOptional(conv ? conv(e, [...path, indexStep(i)]) : e));
    if (elems.length === 0) {
      return Value.list(
        [],
        ety.kind === 'dynamic' ? collectionElement(v.type) : withoutOptionalAttributesDeep(ety),
      );
    }
    return Value.list(elems, uniformType(elems, path, 'element types must all match for conversion to list'));
  };
}

function collectionToSet(ety: Type, conv: PathConversion | undefined): PathConversion {
  return (v, path) => {
    const elems = v
      .elements()
      .map((e, i) => nullWithoutOptional(conv ? conv(e, [...path, indexStep(i)]) : e));
    if (elems.length === 0) {
      return makeSet(
        [],
        ety.kind === 'dynamic' ? collectionElement(v.type) : withoutOptionalAttributesDeep(ety),
      );
    }
    return makeSet(elems, uniformType(elems, path, 'element types must all match for conversion to set'));
  };
}

function collectionToMap(ety: Type, conv: PathConversion, unsafe: boolean): PathConversion {
  return (v, path) => {
    let elems = new Map<string, Value>();
    for (const [k, e] of v.entries()) elems.set(k, conv(e, [...path, indexStep(k)]));
    if (elems.size === 0) {
      return Value.map(
        elems,
        ety.kind === 'dynamic' ? collectionElement(v.type) : withoutOptionalAttributesDeep(ety),
      );
    }
    if (ety.kind === 'list' || ety.kind === 'set' || ety.kind === 'map' || ety.kind === 'object') {
      elems = unifyElements(elems, path, unsafe);
    }
    return Value.map(
      elems,
      uniformType([...elems.values()], path, 'element types must all match for conversion to map'),
    );
  };
}

function tupleToSequence(
  kind: 'list' | 'set',
  etys: readonly Type[],
  wantEty: Type,
  unsafe: boolean,
): PathConversion | undefined {
  if (etys.length === 0) {
    const et = withoutOptionalAttributesDeep(wantEty);
    return () => (kind === 'list' ? Value.list([], et) : makeSet([], et));
  }
  let ety = wantEty;
  if (ety.kind === 'dynamic') {
    const u = unifyInternal(etys, unsafe);
    if (!u) return undefined;
    if (u.kind === 'dynamic' && etys.some((t) => t.kind !== 'dynamic')) return undefined;
    ety = u;
  }
  const convs: (PathConversion | undefined)[] = [];
  for (const t of etys) {
    if (typeEquals(t, ety)) {
      convs.push(undefined);
      continue;
    }
    const c = conversionFor(t, ety, unsafe);
    if (!c) return undefined;
    convs.push(c);
  }
  return (v, path) => {
    let elems = v.elements().map((e, i) => {
      const c = convs[i];
      const out = c ? c(e, [...path, indexStep(i)]) : e;
      return kind === 'set' ? nullWithoutOptional(out) : out;
    });
    if (kind === 'set')
      return makeSet(elems, uniformType(elems, path, 'element types must all match for conversion to set'));
    elems = unifyListElements(elems, path, unsafe);
    return Value.list(elems, uniformType(elems, path, 'element types must all match for conversion to list'));
  };
}

function objectToMap(from: ObjectType, wantEty: Type, unsafe: boolean): PathConversion | undefined {
  const atys = Object.entries(from.attributes);
  if (atys.length === 0) return () => Value.map(new Map(), withoutOptionalAttributesDeep(wantEty));
  let ety = wantEty;
  if (ety.kind === 'dynamic') {
    const u = unifyInternal(
      atys.map(([, t]) => t),
      unsafe,
    );
    if (!u) return undefined;
    ety = u;
  }
  const convs = new Map<string, PathConversion>();
  for (const [name, t] of atys) {
    if (typeEquals(t, ety)) continue;
    const c = conversionFor(t, ety, unsafe);
    if (!c) return undefined;
    convs.set(name, c);
  }
  return (v, path) => {
    let elems = new Map<string, Value>();
    for (const [k, e] of v.entries()) {
      const c = convs.get(k);
      elems.set(k, c ? c(e, [...path, indexStep(k)]) : e);
    }
    if (ety.kind === 'list' || ety.kind === 'set' || ety.kind === 'map' || ety.kind === 'object') {
      elems = unifyElements(elems, path, unsafe);
    }
    return Value.map(
      elems,
      uniformType([...elems.values()], path, 'attribute types must all match for conversion to map'),
    );
  };
}

function mapToObject(
  from: Extract<Type, { kind: 'map' }>,
  to: ObjectType,
  unsafe: boolean,
): PathConversion | undefined {
  const convs = new Map<string, PathConversion | undefined>();
  for (const [name, aty] of Object.entries(to.attributes)) {
    if (typeEquals(aty, from.element)) continue;
    const c = conversionFor(from.element, aty, unsafe);
    if (!c && !(isOptionalAttribute(to, name) && unsafe)) return undefined;
    convs.set(name, c);
  }
  return (v, path) => {
    const out = new Map<string, Value>();
    for (const [name, e] of v.entries()) {
      if (!(name in to.attributes)) continue;
      let val = e;
      if (convs.has(name)) {
        const c = convs.get(name);
        if (!c) {
          throw new ConversionError(
            `map element type is incompatible with attribute ${JSON.stringify(name)}: ${mismatchMessage(e.type, to.attributes[name])}`,
            path,
          );
        }
        val = c(e, [...path, indexStep(name)]);
      }
      out.set(name, nullWithoutOptional(val));
    }
    for (const [name, aty] of Object.entries(to.attributes)) {
      if (out.has(name)) continue;
      if (!isOptionalAttribute(to, name)) {
        throw new ConversionError(`map has no element for required attribute ${JSON.stringify(name)}`, path);
      }
      out.set(name, Value.nullOf(aty));
    }
    return Value.object(out);
  };
}

// ---- helpers ------------------------------------------------------------------------------------

function unifyElements(elems: Map<string, Value>, path: Path, unsafe: boolean): Map<string, Value> {
  const target = unifyInternal(
    [...elems.values()].map((e) => e.type),
    unsafe,
  );
  if (!target) throw new ConversionError('cannot find a common base type for all elements', path);
  const out = new Map<string, Value>();
  for (const [k, e] of elems) out.set(k, convertTo(e, target, [...path, indexStep(k)], unsafe));
  return out;
}

function unifyListElements(elems: readonly Value[], path: Path, unsafe: boolean): Value[] {
  const target = unifyInternal(
    elems.map((e) => e.type),
    unsafe,
  );
  if (!target) throw new ConversionError('cannot find a common base type for all elements', path);
  return elems.map((e, i) => convertTo(e, target, [...path, indexStep(i)], unsafe));
}

function convertTo(e: Value, target: Type, path: Path, unsafe: boolean): Value {
  if (typeEquals(e.type, target)) return e;
  const c = conversionFor(e.type, target, unsafe);
  if (!c) throw new ConversionError(mismatchMessage(e.type, target), path);
  return c(e, path);
}

/** The one element type of a homogeneous collection (dynamic-typed elements fit anything), or throws. */
function uniformType(elems: readonly Value[], path: Path, message: string): Type {
  let et: Type = DynamicType;
  for (const e of elems) {
    if (et.kind === 'dynamic') et = e.type;
    else if (e.type.kind !== 'dynamic' && !typeEquals(et, e.type)) throw new ConversionError(message, path);
  }
  return et;
}

function nullWithoutOptional(v: Value): Value {
  return v.isNull() && v.isKnown()
    ? Value.nullOf(withoutOptionalAttributesDeep(v.type)).withMarks(v.marks)
    : v;
}

function collectionElement(t: Type): Type {
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'map' ? t.element : DynamicType;
}

function indexStep(key: number | string): PathStep {
  return { kind: 'index', key: typeof key === 'number' ? Value.number(key) : Value.string(key) };
}
function attrStep(name: string): PathStep {
  return { kind: 'attr', name };
}

/**
 * cty's dynamicReplace: the type an unknown or null result takes, keeping whatever the input type
 * knows where the wanted type says "any".
 */
export function dynamicReplace(from: Type, to: Type): Type {
  if (from.kind === 'dynamic') return to;
  switch (to.kind) {
    case 'dynamic':
      return from;
    case 'string':
    case 'number':
    case 'bool':
      return to;
    case 'map':
      if (from.kind === 'map') return mapOf(dynamicReplace(from.element, to.element));
      if (from.kind === 'object') {
        const u = unifyInternal(Object.values(from.attributes), true);
        return mapOf(u ? dynamicReplace(u, to.element) : to.element);
      }
      return to;
    case 'object': {
      const attrs: Record<string, Type> = {};
      for (const [k, at] of Object.entries(to.attributes)) {
        if (from.kind === 'map') attrs[k] = dynamicReplace(from.element, at);
        else if (from.kind === 'object')
          attrs[k] = k in from.attributes ? dynamicReplace(from.attributes[k], at) : at;
      }
      return { kind: 'object', attributes: attrs };
    }
    case 'set':
    case 'list': {
      const make = to.kind === 'set' ? setOf : listOf;
      if (from.kind === 'set' || from.kind === 'list') return make(dynamicReplace(from.element, to.element));
      if (from.kind === 'tuple') {
        const u = unifyInternal(from.elements, true);
        return make(u ? dynamicReplace(u, to.element) : to.element);
      }
      return to;
    }
    case 'tuple':
      if (from.kind !== 'tuple') return to;
      return tupleOf(to.elements.map((t, i) => dynamicReplace(from.elements[i] ?? DynamicType, t)));
  }
}
