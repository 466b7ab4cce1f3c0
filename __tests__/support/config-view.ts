import type { ConfigView, FieldSpec } from '../../src/schema/types';
import { parseGoDuration } from '../../src/text/go-duration';
import { DynamicType, StringType } from '../../src/values/types';
import { Value } from '../../src/values/value';

/**
 * A ConfigView over plain test data, so the schemas' checks can be exercised without the decoder:
 * `UNKNOWN` anywhere in a value makes it "set but not known"; `null` is an explicit null; a block
 * field takes an object (single block) or an array of objects (repeated). Unset fields read their
 * declared defaults. As with the decoder's view, reading an option the fields do not declare throws:
 * pass a builder's communicator fields too (componentFields in src/schema/decode.ts).
 */

export const UNKNOWN: unique symbol = Symbol('unknown');

export type FakeValue =
  | string
  | number
  | boolean
  | null
  | typeof UNKNOWN
  | readonly FakeValue[]
  | { readonly [key: string]: FakeValue };

function containsUnknown(v: FakeValue): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === 'object')
    return Object.values(v as Record<string, FakeValue>).some(containsUnknown);
  return false;
}

function toValue(v: FakeValue): Value {
  if (v === UNKNOWN) return Value.unknown(DynamicType);
  if (v === null) return Value.nullOf(DynamicType);
  if (typeof v === 'string') return Value.string(v);
  if (typeof v === 'number') return Value.number(v);
  if (typeof v === 'boolean') return Value.bool(v);
  if (Array.isArray(v)) return Value.tuple(v.map(toValue));
  const entries: Record<string, Value> = {};
  for (const [k, e] of Object.entries(v as Record<string, FakeValue>)) entries[k] = toValue(e);
  return Value.object(entries);
}

export function fakeView(
  fields: readonly FieldSpec[],
  data: Readonly<Record<string, FakeValue>>,
): ConfigView {
  const declared = new Map(fields.map((f) => [f.name, f]));
  for (const name of Object.keys(data)) {
    if (!declared.has(name)) throw new Error(`fake view: test data sets undeclared option ${name}`);
  }
  const spec = (name: string): FieldSpec => {
    const f = declared.get(name);
    if (f === undefined) throw new Error(`fake view: no option named ${name} is declared`);
    return f;
  };
  const isSet = (name: string): boolean =>
    spec(name) !== undefined && Object.prototype.hasOwnProperty.call(data, name);
  const isKnown = (name: string): boolean => isSet(name) && !containsUnknown(data[name]);
  /** The value a getter reads: the default when unset, undefined when unknown or null. */
  const read = (name: string): unknown => {
    if (!isSet(name)) return spec(name).default ?? undefined;
    if (!isKnown(name)) return undefined;
    return data[name] ?? undefined;
  };
  const typed = <T>(name: string, test: (v: unknown) => boolean): T | undefined => {
    const v = read(name);
    if (v === undefined) return undefined;
    if (!test(v))
      throw new Error(`fake view: ${name} has the wrong type for this getter: ${JSON.stringify(v)}`);
    return v as T;
  };
  return {
    isSet,
    isKnown,
    string: (name) => typed<string>(name, (v) => typeof v === 'string'),
    number: (name) => typed<number>(name, (v) => typeof v === 'number'),
    bool: (name) => typed<boolean>(name, (v) => typeof v === 'boolean'),
    duration: (name) => {
      const text = typed<string>(name, (v) => typeof v === 'string');
      if (text === undefined) return undefined;
      const parsed = parseGoDuration(text);
      if (!parsed.ok) throw new Error(`fake view: ${name}: ${parsed.message}`);
      return parsed.ms;
    },
    strings: (name) =>
      typed<readonly string[]>(name, (v) => Array.isArray(v) && v.every((e) => typeof e === 'string')),
    stringMap: (name) =>
      typed<Readonly<Record<string, string>>>(
        name,
        (v) =>
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          Object.values(v).every((e) => typeof e === 'string'),
      ),
    blocks: (name) => {
      const field = spec(name);
      if (field.type.kind !== 'block') {
        throw new Error(`fake view: ${name} is not a declared block field`);
      }
      const nested = field.type.fields;
      const v = data[name];
      if (v === undefined || v === null) return [];
      const list = (Array.isArray(v) ? v : [v]) as Readonly<Record<string, FakeValue>>[];
      return list.map((b) => fakeView(nested, b));
    },
    value: (name) => {
      if (!isSet(name)) {
        const d = spec(name).default;
        return d === undefined ? Value.nullOf(StringType) : toValue(d as FakeValue);
      }
      return toValue(data[name]);
    },
  };
}
