/**
 * Collection functions over maps and objects (keys, values, lookup, merge, zipmap) and coalesce.
 * Semantics follow the cty version Packer links (zclconf/go-cty v1.13.x) and go-cty-funcs' coalesce.
 */
import { convert, unifyUnsafe } from '../../values/convert';
import { rawEquals } from '../../values/equality';
import {
  DynamicType,
  EmptyObjectType,
  StringType,
  friendlyName,
  listOf,
  mapOf,
  objectOf,
  tupleOf,
  typeEquals,
} from '../../values/types';
import type { Type } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError } from './function';
import type { FunctionSpec } from './function';
import { compareCodePoints } from '../../text/code-points';
import { listValue, sortedAttributeNames, sortedEntries, unionMarks } from './collections-util';

type MapType = Extract<Type, { kind: 'map' }>;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const keysFunction: FunctionSpec = {
  params: [{ name: 'inputMap', type: DynamicType, allowUnknown: true, allowMarked: true }],
  returnType: ([m]) => {
    const t = m.type;
    if (t.kind === 'map') return listOf(StringType);
    // One string per attribute: the attribute names come from the type, so even unknown objects work.
    if (t.kind === 'object') return tupleOf(Object.keys(t.attributes).map(() => StringType));
    throw new FunctionArgError(0, 'must have map or object type');
  },
  impl: ([m], returnType) => {
    const [plain, marks] = m.unmark();
    const t = plain.type;
    if (t.kind === 'object') {
      return Value.tuple(sortedAttributeNames(t).map((k) => Value.string(k))).withMarks(marks);
    }
    if (!plain.isKnown()) return Value.unknown(returnType).withMarks(marks);
    const keys = [...plain.entries().keys()].sort(compareCodePoints);
    return listValue(
      keys.map((k) => Value.string(k)),
      StringType,
    ).withMarks(marks);
  },
};

export const valuesFunction: FunctionSpec = {
  params: [{ name: 'mapping', type: DynamicType, allowMarked: true }],
  returnType: ([m]) => {
    const t = m.type;
    if (t.kind === 'map') return listOf(t.element);
    if (t.kind === 'object') return tupleOf(sortedAttributeNames(t).map((k) => t.attributes[k]));
    throw new FunctionError('values() requires a map as the first argument');
  },
  impl: ([m], returnType) => {
    const [plain, marks] = m.unmark();
    const values = sortedEntries(plain).map(([, v]) => v);
    const result =
      returnType.kind === 'tuple' ? Value.tuple(values) : listValue(values, (returnType as MapType).element);
    return result.withMarks(marks);
  },
};

/** lookup(map, key, default): the default is required in every Packer release with HCL2. */
export const lookupFunction: FunctionSpec = {
  params: [
    { name: 'inputMap', type: DynamicType, allowMarked: true },
    { name: 'key', type: StringType, allowMarked: true },
    { name: 'default', type: DynamicType, allowMarked: true },
  ],
  returnType: ([m, key, dflt]) => {
    const t = m.type;
    if (t.kind === 'object') {
      if (!key.isKnown()) return DynamicType;
      const name = key.unmark()[0].asString();
      if (Object.prototype.hasOwnProperty.call(t.attributes, name)) return t.attributes[name];
      return dflt.type;
    }
    if (t.kind === 'map') {
      try {
        convert(dflt, t.element);
      } catch {
        throw new FunctionArgError(2, 'the default value must have the same type as the map elements');
      }
      return t.element;
    }
    throw new FunctionArgError(0, 'lookup() requires a map as the first argument');
  },
  impl: ([m, key, dflt], returnType) => {
    const [plain, mapMarks] = m.unmark();
    const [k, keyMarks] = key.unmark();
    const marks = unionMarks(mapMarks, keyMarks);
    const name = k.asString();
    if (!plain.isWhollyKnown()) return Value.unknown(returnType).withMarks(marks);
    const found = plain.entries().get(name);
    if (found !== undefined) return found.withMarks(marks);
    try {
      return convert(dflt, returnType).withMarks(marks);
    } catch (e) {
      throw new FunctionError(errorMessage(e));
    }
  },
};

/** merge's result type: the shared type when all arguments agree, else an object of every key. */
function mergeReturnType(args: readonly Value[]): Type {
  if (args.length === 0) return EmptyObjectType;
  const attrs: Record<string, Type> = {};
  let first: Type | undefined;
  let matching = true;
  let attrsKnown = true;
  for (const arg of args) {
    const plain = arg.unmark()[0];
    if (arg.type.kind === 'dynamic') return DynamicType;
    if (arg.type.kind !== 'map' && arg.type.kind !== 'object') {
      throw new FunctionError(
        `arguments must be maps or objects, got ${JSON.stringify(friendlyName(arg.type))}`,
      );
    }
    // A null object contributes no attributes; treating it as the empty object type (as newer cty
    // does) keeps the result type consistent with the merged value instead of failing.
    const t: Extract<Type, { kind: 'map' | 'object' }> =
      arg.type.kind === 'object' && plain.isNull() ? { kind: 'object', attributes: {} } : arg.type;
    if (t.kind === 'object') {
      Object.assign(attrs, t.attributes);
    } else if (plain.isNull()) {
      // A null map adds no keys.
    } else if (plain.isKnown()) {
      for (const key of plain.entries().keys()) attrs[key] = t.element;
    } else {
      attrsKnown = false;
    }
    if (first === undefined) first = t;
    else if (matching && !typeEquals(t, first)) matching = false;
  }
  if (matching && first !== undefined) return first;
  // Some unknown map's keys are missing from the object type we would build.
  if (!attrsKnown) return DynamicType;
  return objectOf(attrs);
}

export const mergeFunction: FunctionSpec = {
  params: [],
  varParam: { name: 'maps', type: DynamicType, allowDynamicType: true, allowNull: true, allowMarked: true },
  returnType: mergeReturnType,
  impl: (args, returnType) => {
    const merged = new Map<string, Value>();
    const marks: ReadonlySet<string>[] = [];
    for (const arg of args) {
      if (arg.isNull()) continue;
      const [plain, m] = arg.unmark();
      marks.push(m);
      for (const [k, v] of plain.entries()) merged.set(k, v);
    }
    const result =
      returnType.kind === 'map' ? Value.map(merged, (returnType as MapType).element) : Value.object(merged);
    return result.withMarks(unionMarks(...marks));
  },
};

export const zipmapFunction: FunctionSpec = {
  params: [
    { name: 'keys', type: listOf(StringType), allowMarked: true },
    { name: 'values', type: DynamicType, allowMarked: true },
  ],
  returnType: ([keys, values]) => {
    const t = values.type;
    if (t.kind === 'list') return mapOf(t.element);
    if (t.kind !== 'tuple') throw new FunctionError('values argument must be a list or tuple value');
    // A tuple of values makes an object, whose attribute names must all be known.
    if (!keys.isWhollyKnown()) return DynamicType;
    const names = keys.unmark()[0].elements();
    if (names.length !== t.elements.length) {
      throw new FunctionError(
        `number of keys (${names.length}) does not match number of values (${t.elements.length})`,
      );
    }
    const attrs: Record<string, Type> = {};
    names.forEach((n, i) => {
      const plain = n.unmark()[0];
      if (plain.isNull()) throw new FunctionError(`keys list has null value at index ${i}`);
      attrs[plain.asString()] = t.elements[i];
    });
    return objectOf(attrs);
  },
  impl: ([keys, values], returnType) => {
    const [k, keysMarks] = keys.unmark();
    const [v, valuesMarks] = values.unmark();
    const marks = [keysMarks, valuesMarks];
    if (!k.isWhollyKnown()) return Value.unknown(returnType).withMarks(unionMarks(...marks));
    const names = k.elements();
    const elements = v.elements();
    if (names.length !== elements.length) {
      throw new FunctionError(
        `number of keys (${names.length}) does not match number of values (${elements.length})`,
      );
    }
    const out = new Map<string, Value>();
    names.forEach((n, i) => {
      // Map keys cannot carry marks, so a marked key marks the whole result.
      const [plain, m] = n.unmark();
      marks.push(m);
      if (plain.isNull()) throw new FunctionError(`keys list has null value at index ${i}`);
      out.set(plain.asString(), elements[i]);
    });
    const result =
      returnType.kind === 'map' ? Value.map(out, (returnType as MapType).element) : Value.object(out);
    return result.withMarks(unionMarks(...marks));
  },
};

/** go-cty-funcs' coalesce: the first argument that is neither null nor (for strings) empty. */
export const coalesceFunction: FunctionSpec = {
  params: [],
  varParam: { name: 'vals', type: DynamicType, allowUnknown: true, allowDynamicType: true, allowNull: true },
  returnType: (args) => {
    const t = args.length === 0 ? undefined : unifyUnsafe(args.map((a) => a.type));
    if (t === undefined) throw new FunctionError('all arguments must have the same type');
    return t;
  },
  impl: (args, returnType) => {
    const empty = Value.string('');
    for (const arg of args) {
      let v: Value;
      try {
        v = convert(arg, returnType);
      } catch (e) {
        throw new FunctionError(errorMessage(e));
      }
      if (!v.isKnown()) return Value.unknown(returnType);
      if (v.isNull()) continue;
      if (returnType.kind === 'string' && rawEquals(v, empty)) continue;
      return v;
    }
    throw new FunctionError('no non-null, non-empty-string arguments');
  },
};
