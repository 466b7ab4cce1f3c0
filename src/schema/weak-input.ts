import type { Type } from '../values/types';
import { Value } from '../values/value';

/**
 * A legacy JSON template's option value made to fit its field the way Packer's config.Decode reads
 * one: mapstructure with WeaklyTypedInput and the SDK's StringToSliceHookFunc(","). User variables
 * are strings in legacy templates, so `"ami_regions": "{{user `regions`}}"` must become a list by
 * splitting on commas, `"volume_size": ""` a 0, `"encrypted": "1"` true. HCL2 templates never get
 * this: their values are typed, and cty's conversion rules apply as they are.
 *
 * Only the shape is adjusted here; the caller converts the result with cty's rules as usual, so a
 * value mapstructure would refuse is still refused (with hcldec's wording).
 */
export function weaklyTyped(v: Value, want: Type): Value {
  if (!v.isKnown() || v.isNull() || v.isMarked()) return v;
  const kind = v.type.kind;
  switch (want.kind) {
    case 'string':
      // mapstructure writes bools as "1"/"0" (cty would write "true"/"false").
      return kind === 'bool' ? Value.string(v.asBool() ? '1' : '0') : v;
    case 'number':
      if (kind === 'bool') return Value.number(v.asBool() ? 1 : 0);
      if (kind === 'string' && v.asString() === '') return Value.number(0);
      return v;
    case 'bool':
      if (kind === 'number') return Value.bool(!v.asNumber().isZero());
      if (kind === 'string') {
        const parsed = goParseBool(v.asString());
        return parsed === undefined ? v : Value.bool(parsed);
      }
      return v;
    case 'list':
    case 'set':
      return Value.tuple(listElements(v).map((e) => weaklyTyped(e, want.element)));
    case 'map':
      if (kind !== 'object' && kind !== 'map') return v;
      return Value.object(new Map([...v.entries()].map(([k, e]) => [k, weaklyTyped(e, want.element)])));
    default:
      return v;
  }
}

/** The elements a list field gets: a string split on commas, a single value lifted into a list. */
function listElements(v: Value): readonly Value[] {
  switch (v.type.kind) {
    case 'tuple':
    case 'list':
    case 'set':
      return v.elements();
    case 'string': {
      const s = v.asString();
      return s === '' ? [] : s.split(',').map((part) => Value.string(part));
    }
    case 'object':
    case 'map':
      // An empty map is an empty list; any other is one element (which then fails to convert).
      return v.length() === 0 ? [] : [v];
    default:
      return [v];
  }
}

/** strconv.ParseBool, plus mapstructure's "" → false. */
function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(s)) return false;
  return undefined;
}
