import { Value } from '../values/value';

/**
 * Packer's hcl2shim.WriteUnknownPlaceholderValues: before a plugin's Prepare (and before it runs),
 * every value still unknown becomes a placeholder of its type: "<unknown>", 0, false, or an empty
 * collection. A component never sees "not known yet": a data source output at validate time is
 * checked as the string "<unknown>" (and fails an enumerated option, as in Packer), and at run time
 * a value that never became known is passed on as that text rather than skipping the component.
 */

export const UNKNOWN_STRING_PLACEHOLDER = '<unknown>';

export function writeUnknownPlaceholders(v: Value): Value {
  if (v.isKnown() && (v.isNull() || v.isWhollyKnown())) return v;
  const marks = v.marks;
  return placeholder(v).withMarks(marks);
}

function placeholder(v: Value): Value {
  const t = v.type;
  if (!v.isKnown()) {
    switch (t.kind) {
      case 'string':
        return Value.string(UNKNOWN_STRING_PLACEHOLDER);
      case 'number':
        return Value.number(0);
      case 'bool':
        return Value.False;
      case 'list':
        return Value.list([], t.element);
      case 'set':
        return Value.set([], t.element);
      case 'map':
        return Value.map({}, t.element);
      case 'tuple':
        return Value.tuple([]);
      // Packer writes an empty object; its Go struct then holds zero values, which a typed null
      // of the declared object type reads as here.
      case 'object':
      case 'dynamic':
        return Value.nullOf(t);
    }
  }
  switch (t.kind) {
    case 'list':
      return Value.list(v.elements().map(writeUnknownPlaceholders), t.element);
    case 'set':
      return Value.set(v.elements().map(writeUnknownPlaceholders), t.element);
    case 'map':
      return Value.map(mapEntries(v), t.element);
    case 'tuple':
      return Value.tuple(v.elements().map(writeUnknownPlaceholders));
    case 'object':
      return Value.object(mapEntries(v));
    default:
      return v;
  }
}

function mapEntries(v: Value): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, e] of v.entries()) out.set(k, writeUnknownPlaceholders(e));
  return out;
}
