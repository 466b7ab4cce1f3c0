import { formatNumber } from '../../../values/number-format';
import type { Value } from '../../../values/value';
import { decodeGoJson } from './go-json-decoder';

/**
 * cty's JSON mapping (ctyjson) for jsonencode/jsondecode: encoding follows Go's encoding/json
 * string escaping (HTML-safe), decoding implies object types for objects and tuple types for
 * arrays, keeps numbers exact, and reports syntax errors with Go's decoder wording.
 */

function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Serialises a wholly known, unmarked value. */
export function toJSON(v: Value): string {
  if (v.isNull()) return 'null';
  switch (v.type.kind) {
    case 'string':
      return goJsonString(v.asString());
    case 'number': {
      const n = v.asNumber();
      if (!n.isFinite()) throw new Error('value must be finite');
      return formatNumber(n);
    }
    case 'bool':
      return v.asBool() ? 'true' : 'false';
    case 'list':
    case 'set':
    case 'tuple':
      return `[${v.elements().map(toJSON).join(',')}]`;
    case 'map':
    case 'object':
      return `{${[...v.entries()].map(([k, e]) => `${goJsonString(k)}:${toJSON(e)}`).join(',')}}`;
    default:
      throw new Error(`cannot serialize ${v.type.kind} value`);
  }
}

/** Parses a JSON document into a cty value of its implied type; throws Error on bad input. */
export function fromJSON(src: string): Value {
  // cty reads with json.Decoder.Token, whose errors differ from json.Unmarshal's (see go-json-decoder).
  return decodeGoJson(src);
}
