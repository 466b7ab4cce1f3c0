import { parseGoDuration } from '../text/go-duration';
import { convert } from '../values/convert';
import { fromJSON } from '../values/json';
import { StringType, type Type, listOf, objectOf } from '../values/types';
import { Value } from '../values/value';
import type { BlockFieldType, DurationFieldType, FieldSpec, FieldType } from './types';

/**
 * What the engine needs to know about a declared field beyond its declaration: the cty type its
 * value has once decoded, and its default as a value of that type.
 */

export function isBlockType(t: FieldType): t is BlockFieldType {
  return t.kind === 'block';
}

export function isDurationType(t: FieldType): t is DurationFieldType {
  return t.kind === 'duration';
}

/**
 * The cty type of a decoded field. Packer's hcl2spec declares durations as strings (they are parsed
 * by Prepare, not by hcl), a single nested block as an object and a repeated one as a list of objects.
 */
export function fieldValueType(t: FieldType): Type {
  if (isDurationType(t)) return StringType;
  if (isBlockType(t)) {
    let type = blockTypes.get(t);
    if (type === undefined) {
      const attributes: Record<string, Type> = {};
      for (const f of t.fields) attributes[f.name] = fieldValueType(f.type);
      const object = objectOf(attributes);
      type = t.repeated ? listOf(object) : object;
      blockTypes.set(t, type);
    }
    return type;
  }
  return t;
}

/** Block fields' types, made once per declaration. */
const blockTypes = new WeakMap<BlockFieldType, Type>();

/** The type named in docs: `string`, `list(string)`, `duration`, `block`, `list of blocks`. */
export function fieldTypeName(t: FieldType): string {
  if (isDurationType(t)) return 'duration';
  if (isBlockType(t)) return t.repeated ? 'blocks' : 'block';
  return typeName(t);
}

function typeName(t: Type): string {
  switch (t.kind) {
    case 'dynamic':
      return 'any';
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeName(t.element)})`;
    case 'object':
      return 'object';
    case 'tuple':
      return 'tuple';
    default:
      return t.kind;
  }
}

/**
 * The value an unset field takes: its declared default converted to the field's type, else null
 * (a repeated block: an empty list, as hcldec's BlockListSpec gives). A default that does not fit
 * its field is a mistake in the declaration, so it throws.
 */
export function defaultValue(field: FieldSpec): Value {
  // Every decode of a component fills in the defaults of the fields it does not set (thousands in a
  // large template); declarations never change and values are immutable, so each is made once.
  let value = defaults.get(field);
  if (value === undefined) {
    value = computeDefault(field);
    defaults.set(field, value);
  }
  return value;
}

const defaults = new WeakMap<FieldSpec, Value>();

function computeDefault(field: FieldSpec): Value {
  const type = fieldValueType(field.type);
  if (isBlockType(field.type)) {
    if (field.default !== undefined) throw new Error(`field ${field.name}: blocks cannot declare a default`);
    return field.type.repeated
      ? Value.list([], fieldValueType({ ...field.type, repeated: false }))
      : Value.nullOf(type);
  }
  if (field.default === undefined || field.default === null) return Value.nullOf(type);
  let value: Value;
  try {
    value = convert(fromJSON(JSON.stringify(field.default)), type);
  } catch (e) {
    throw new Error(
      `field ${field.name}: default ${JSON.stringify(field.default)} is not a ${typeName(type)}: ${String(e)}`,
    );
  }
  if (isDurationType(field.type)) {
    const parsed = parseGoDuration(value.asString());
    if (!parsed.ok) throw new Error(`field ${field.name}: default is not a Go duration: ${parsed.message}`);
  }
  return value;
}

/**
 * Checks a list of field declarations for mistakes a decoder would otherwise trip over later: two
 * fields of one name, defaults of the wrong type, conflicts naming a field that does not exist,
 * `oneOf` on a field that is not a string. Throws: these are bugs, never user errors.
 */
export function assertWellFormedFields(owner: string, fields: readonly FieldSpec[]): void {
  const names = new Set<string>();
  for (const f of fields) {
    if (names.has(f.name)) throw new Error(`${owner}: field ${f.name} is declared twice`);
    names.add(f.name);
  }
  for (const f of fields) {
    defaultValue(f);
    for (const other of f.conflictsWith ?? []) {
      if (!names.has(other))
        throw new Error(`${owner}: field ${f.name} conflicts with unknown field ${other}`);
    }
    if (f.oneOf && f.type.kind !== 'string')
      throw new Error(`${owner}: field ${f.name} has oneOf but is not a string`);
    if (isBlockType(f.type)) assertWellFormedFields(`${owner} ${f.name}`, f.type.fields);
  }
}
