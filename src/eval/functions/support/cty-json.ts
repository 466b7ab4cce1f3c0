import { formatNumber } from '../../../values/number-format';
import type { Value } from '../../../values/value';

/**
 * cty's json.Marshal for a wholly known value of a concrete type, as format's %#v prints it:
 * compact, object and map keys in lexicographic order, numbers as cty prints them, strings escaped
 * as Go's encoding/json does (including its HTML-safe \u003c, \u003e and \u0026).
 */
export function ctyJSON(v: Value): string {
  if (!v.isKnown()) throw new Error('value is not known');
  if (v.isNull()) return 'null';
  switch (v.type.kind) {
    case 'string':
      return goJSONString(v.asString());
    case 'number':
      return formatNumber(v.asNumber());
    case 'bool':
      return v.asBool() ? 'true' : 'false';
    case 'list':
    case 'set':
    case 'tuple':
      return `[${v.elements().map(ctyJSON).join(',')}]`;
    case 'map':
    case 'object':
      return `{${[...v.entries()].map(([k, e]) => `${goJSONString(k)}:${ctyJSON(e)}`).join(',')}}`;
    default:
      throw new Error(`cannot marshal a value of type ${v.type.kind}`);
  }
}

/** encoding/json's string encoding with HTML escaping on (Go 1.22+ short forms for \b and \f). */
export function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      default:
        break;
    }
    if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\\ufffd'; // a lone surrogate is invalid UTF-8 to Go
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}
