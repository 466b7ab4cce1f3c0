/**
 * Collection functions that read or filter one list: length, element, index, contains, distinct,
 * compact, alltrue, anytrue, sort, chunklist. Semantics follow the cty version Packer links
 * (zclconf/go-cty v1.13.x) and Packer's own length/index/alltrue/anytrue.
 */
import { equals } from '../../values/equality';
import { setLength } from '../../values/set';
import {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  friendlyName,
  listOf,
  typeEquals,
} from '../../values/types';
import type { Type } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionError } from './function';
import type { FunctionSpec } from './function';
import { compareCodePoints } from '../../text/code-points';
import { goIntArg } from './support/go-int';
import { toGoInt, WHOLE_NUMBER_MESSAGE } from '../../values/go-int';
import { graphemeCount, listValue, numberOf, unionMarks } from './collections-util';

const listOfBool = listOf(BoolType);
const listOfString = listOf(StringType);
const listOfDynamic = listOf(DynamicType);

function isTrue(v: Value): boolean {
  return v.isKnown() && !v.isNull() && v.asBool();
}

/** Packer's own length (not cty's): also accepts strings, counting grapheme clusters. */
export const lengthFunction: FunctionSpec = {
  params: [{ name: 'value', type: DynamicType, allowDynamicType: true, allowUnknown: true }],
  returnType: ([v]) => {
    const t = v.type;
    if (t.kind === 'string' || t.kind === 'dynamic' || t.kind === 'tuple' || t.kind === 'object')
      return NumberType;
    if (t.kind === 'list' || t.kind === 'map' || t.kind === 'set') return NumberType;
    throw new FunctionError('argument must be a string, a collection type, or a structural type');
  },
  impl: ([v]) => {
    const t = v.type;
    switch (t.kind) {
      case 'tuple':
        return numberOf(t.elements.length);
      case 'object':
        return numberOf(Object.keys(t.attributes).length);
      case 'set':
        return setLength(v);
      case 'string':
        return v.isKnown() ? numberOf(graphemeCount(v.asString())) : Value.unknown(NumberType);
      case 'list':
      case 'map':
        return v.isKnown() ? numberOf(v.length()) : Value.unknown(NumberType);
      default:
        return Value.unknown(NumberType);
    }
  },
};

/** element index as a Go int, rejecting negatives as the cty version Packer uses does. */
function elementIndex(index: Value): bigint {
  const i = goIntArg(index, (m) => new FunctionError(`invalid index: ${m}`));
  if (i < 0n) throw new FunctionError('cannot use element function with a negative index');
  return i;
}

export const elementFunction: FunctionSpec = {
  params: [
    { name: 'list', type: DynamicType, allowMarked: true },
    { name: 'index', type: NumberType },
  ],
  returnType: ([list, index]) => {
    const u = index.unmark()[0];
    if (u.isKnown() && !u.isNull() && u.asNumber().isNegative() && !u.asNumber().isZero()) {
      throw new FunctionError('cannot use element function with a negative index');
    }
    const t = list.type;
    if (t.kind === 'list') return t.element;
    if (t.kind === 'tuple') {
      // Each tuple element has its own type, so the result type depends on the index value.
      if (!u.isKnown()) return DynamicType;
      const i = elementIndex(u);
      if (t.elements.length === 0) throw new FunctionError('cannot use element function with an empty list');
      return t.elements[Number(i % BigInt(t.elements.length))];
    }
    throw new FunctionError(`cannot read elements from ${friendlyName(t)}`);
  },
  impl: ([list, index], returnType) => {
    const i = elementIndex(index);
    const [input, marks] = list.unmark();
    if (!input.isKnown()) return Value.unknown(returnType);
    const elements = input.elements();
    if (elements.length === 0) throw new FunctionError('cannot use element function with an empty list');
    return elements[Number(i % BigInt(elements.length))].withMarks(marks);
  },
};

/** Packer's index (cty's own index() is an indexing operator, not a search). */
export const indexFunction: FunctionSpec = {
  params: [
    { name: 'list', type: DynamicType },
    { name: 'value', type: DynamicType },
  ],
  returnType: () => NumberType,
  impl: ([list, value]) => {
    if (list.type.kind !== 'list' && list.type.kind !== 'tuple') {
      throw new FunctionError('argument must be a list or tuple');
    }
    const elements = list.elements();
    if (elements.length === 0) throw new FunctionError('cannot search an empty list');
    for (let i = 0; i < elements.length; i++) {
      const eq = equals(elements[i], value);
      if (!eq.isKnown()) return Value.unknown(NumberType);
      if (isTrue(eq)) return numberOf(i);
    }
    throw new FunctionError('item not found');
  },
};

export const containsFunction: FunctionSpec = {
  params: [
    { name: 'list', type: DynamicType },
    { name: 'value', type: DynamicType },
  ],
  returnType: () => BoolType,
  impl: ([list, value]) => {
    const k = list.type.kind;
    if (k !== 'list' && k !== 'tuple' && k !== 'set') {
      throw new FunctionError('argument must be list, tuple, or set');
    }
    const elements = list.elements();
    if (elements.length === 0) return Value.False;
    // An unknown element might still turn out to match, but a known match elsewhere decides first.
    let sawUnknown = false;
    for (const e of elements) {
      const eq = equals(value, e);
      if (!eq.isKnown()) sawUnknown = true;
      else if (isTrue(eq)) return Value.True;
    }
    return sawUnknown ? Value.unknown(BoolType) : Value.False;
  },
};

export const distinctFunction: FunctionSpec = {
  params: [{ name: 'list', type: listOfDynamic }],
  returnType: ([list]) => list.type,
  impl: ([list], returnType) => {
    if (!list.isWhollyKnown()) return Value.unknown(returnType);
    const kept: Value[] = [];
    for (const e of list.elements()) {
      if (!kept.some((k) => isTrue(equals(k, e)))) kept.push(e);
    }
    return listValue(kept, (returnType as Extract<Type, { kind: 'list' }>).element);
  },
};

export const compactFunction: FunctionSpec = {
  params: [{ name: 'list', type: listOfString }],
  returnType: () => listOfString,
  impl: ([list], returnType) => {
    if (!list.isWhollyKnown()) return Value.unknown(returnType);
    const kept = list.elements().filter((e) => !e.isNull() && e.unmark()[0].asString() !== '');
    return listValue(kept, StringType);
  },
};

/** Packer's alltrue: null counts as false; an unknown element makes the answer unknown. */
export const alltrueFunction: FunctionSpec = {
  params: [{ name: 'list', type: listOfBool }],
  returnType: () => BoolType,
  impl: ([list]) => {
    for (const e of list.elements()) {
      if (!e.isKnown()) return Value.unknown(BoolType);
      if (e.isNull() || !e.unmark()[0].asBool()) return Value.False;
    }
    return Value.True;
  },
};

/** Packer's anytrue: a known true wins even when other elements are unknown. */
export const anytrueFunction: FunctionSpec = {
  params: [{ name: 'list', type: listOfBool }],
  returnType: () => BoolType,
  impl: ([list]) => {
    let sawUnknown = false;
    for (const e of list.elements()) {
      if (!e.isKnown()) sawUnknown = true;
      else if (!e.isNull() && e.unmark()[0].asBool()) return Value.True;
    }
    return sawUnknown ? Value.unknown(BoolType) : Value.False;
  },
};

export const sortFunction: FunctionSpec = {
  params: [{ name: 'list', type: listOfString, allowUnknown: true }],
  returnType: () => listOfString,
  impl: ([list], returnType) => {
    if (!list.isWhollyKnown()) return Value.unknown(returnType);
    const elements = list.elements();
    const strings = elements.map((e, i) => {
      if (e.isNull())
        throw new FunctionError(`given list element ${i} is null; a null string cannot be sorted`);
      return e.unmark()[0].asString();
    });
    strings.sort(compareCodePoints);
    return listValue(
      strings.map((s) => Value.string(s)),
      StringType,
    );
  },
};

export const chunklistFunction: FunctionSpec = {
  params: [
    { name: 'list', type: listOfDynamic, allowMarked: true },
    { name: 'size', type: NumberType, allowMarked: true },
  ],
  returnType: ([list]) => listOf(list.type),
  impl: ([list, size]) => {
    const [listVal, listMarks] = list.unmark();
    const [sizeVal, sizeMarks] = size.unmark();
    const marks = unionMarks(listMarks, sizeMarks);
    const n = toGoInt(sizeVal.asNumber());
    if (n === undefined) throw new FunctionError(`invalid size: ${WHOLE_NUMBER_MESSAGE}`);
    if (n < 0n) throw new FunctionError('the size argument must be positive');
    const elements = listVal.elements();
    if (elements.length === 0) return listValue([], listVal.type).withMarks(marks);
    // Size zero means "no chunking": one chunk holding the whole list.
    if (n === 0n) return listValue([listVal], listVal.type).withMarks(marks);
    const step = n > BigInt(elements.length) ? elements.length : Number(n);
    const elementType = (listVal.type as Extract<Type, { kind: 'list' }>).element;
    const chunks: Value[] = [];
    for (let i = 0; i < elements.length; i += step) {
      chunks.push(listValue(elements.slice(i, i + step), elementType));
    }
    return listValue(chunks, listVal.type).withMarks(marks);
  },
};

/** Checks a coalescelist argument type; a FunctionError names the rule as cty words it. */
function requireSequence(t: Type): void {
  if (t.kind !== 'list' && t.kind !== 'tuple') {
    throw new FunctionError('coalescelist arguments must be lists or tuples');
  }
}

export const coalescelistFunction: FunctionSpec = {
  params: [],
  varParam: { name: 'vals', type: DynamicType, allowUnknown: true, allowDynamicType: true, allowNull: true },
  returnType: (args) => {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    // Any unknown argument might be the one chosen, so its type cannot be predicted.
    if (args.some((a) => !a.isKnown())) return DynamicType;
    for (const a of args) requireSequence(a.type);
    const first = args[0].type;
    const same = args.every((a) => typeEquals(a.type, first));
    return same ? first : DynamicType;
  },
  impl: (args, returnType) => {
    for (const a of args) {
      if (!a.isKnown()) return Value.unknown(returnType);
      if (a.isNull()) continue;
      if (a.unmark()[0].length() > 0) return a;
    }
    throw new FunctionError('no non-null arguments');
  },
};
