import { ExtData, decode } from '@msgpack/msgpack';

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
} from '../../values/types';
import { Value } from '../../values/value';

/**
 * go-cty's msgpack encoding (cty/msgpack), in which a plugin's data source returns its result
 * (`Datasource.Execute`, marshalled against cty.DynamicPseudoType): a value of dynamic type is the
 * pair [type as cty JSON, value]; numbers are msgpack integers or floats when exact, else their
 * decimal text; unknowns are extension values; null is nil.
 */

export class CtyMsgpackError extends Error {
  override readonly name = 'CtyMsgpackError';
}

export function decodeCtyMsgpack(bytes: Uint8Array, type: Type = DynamicType): Value {
  return fromRaw(decode(bytes, { useBigInt64: true }), type);
}

function fromRaw(raw: unknown, type: Type): Value {
  if (raw instanceof ExtData) return Value.unknown(type);
  if (raw === null || raw === undefined) return Value.nullOf(type);
  switch (type.kind) {
    case 'dynamic': {
      if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) {
        throw new CtyMsgpackError('a value of dynamic type is not a [type, value] pair');
      }
      return fromRaw(raw[1], typeFromJson(JSON.parse(Buffer.from(raw[0]).toString('utf8'))));
    }
    case 'string':
      if (typeof raw !== 'string') throw new CtyMsgpackError(`expected a string, got ${typeof raw}`);
      return Value.string(raw);
    case 'number':
      if (typeof raw === 'number' || typeof raw === 'bigint') return Value.number(raw.toString());
      if (typeof raw === 'string') return Value.number(raw);
      throw new CtyMsgpackError(`expected a number, got ${typeof raw}`);
    case 'bool':
      if (typeof raw !== 'boolean') throw new CtyMsgpackError(`expected a bool, got ${typeof raw}`);
      return Value.bool(raw);
    case 'list':
    case 'set': {
      const items = array(raw).map((e) => fromRaw(e, type.element));
      return type.kind === 'list' ? Value.list(items, type.element) : Value.set(items, type.element);
    }
    case 'tuple': {
      const items = array(raw);
      if (items.length !== type.elements.length) throw new CtyMsgpackError('tuple of the wrong length');
      return Value.tuple(items.map((e, i) => fromRaw(e, type.elements[i])));
    }
    case 'map':
      return Value.map(
        Object.fromEntries(Object.entries(record(raw)).map(([k, v]) => [k, fromRaw(v, type.element)])),
        type.element,
      );
    case 'object': {
      const r = record(raw);
      return Value.object(
        Object.fromEntries(Object.entries(type.attributes).map(([k, t]) => [k, fromRaw(r[k] ?? null, t)])),
      );
    }
  }
}

const array = (raw: unknown): unknown[] => {
  if (!Array.isArray(raw)) throw new CtyMsgpackError('expected an array');
  return raw;
};

const record = (raw: unknown): Record<string, unknown> => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new CtyMsgpackError('expected a map');
  }
  return raw as Record<string, unknown>;
};

/** cty's JSON type notation back into a type. */
export function typeFromJson(j: unknown): Type {
  if (j === 'string') return StringType;
  if (j === 'number') return NumberType;
  if (j === 'bool') return BoolType;
  if (j === 'dynamic') return DynamicType;
  if (Array.isArray(j) && j.length >= 2) {
    const [kind, arg] = j as [unknown, unknown];
    if (kind === 'list') return listOf(typeFromJson(arg));
    if (kind === 'set') return setOf(typeFromJson(arg));
    if (kind === 'map') return mapOf(typeFromJson(arg));
    if (kind === 'tuple' && Array.isArray(arg)) return tupleOf(arg.map(typeFromJson));
    if (kind === 'object' && typeof arg === 'object' && arg !== null) {
      const attrs = Object.fromEntries(Object.entries(arg).map(([k, t]) => [k, typeFromJson(t)]));
      const optional = Array.isArray(j[2]) ? new Set(j[2] as string[]) : undefined;
      return objectOf(attrs, optional);
    }
  }
  throw new CtyMsgpackError(`unsupported cty type ${JSON.stringify(j)}`);
}
