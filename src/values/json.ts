import { ConversionError } from './conversion-error';
import { formatNumber } from './number-format';
import { Value } from './value';

/**
 * cty's JSON mapping (cty/json): json.Marshal as jsonencode and format's %#v use it. Encoding writes
 * numbers exactly (cty's decimal text, never an exponent) and escapes strings as Go's encoding/json
 * does (including <, > and & as \u003c, \u003e, \u0026). Object and map keys come out in cty's
 * (sorted) iteration order. Decoding gives the implied type: objects → object,
 * arrays → tuple, numbers keep every digit, null → null of dynamic type.
 */
export function toJSONValue(v: Value): string {
  if (v.isMarked()) throw new ConversionError('value has marks, so it cannot be serialized as JSON');
  if (!v.isKnown()) throw new ConversionError('value is not known');
  if (v.isNull()) return 'null';
  switch (v.type.kind) {
    case 'string':
      return goJSONString(v.asString());
    case 'number': {
      const n = v.asNumber();
      if (!n.isFinite()) throw new ConversionError('cannot serialize infinity as JSON');
      return formatNumber(n);
    }
    case 'bool':
      return String(v.asBool());
    case 'list':
    case 'set':
    case 'tuple':
      return `[${v.elements().map(toJSONValue).join(',')}]`;
    case 'map':
    case 'object':
      return `{${[...v.entries()].map(([k, e]) => `${goJSONString(k)}:${toJSONValue(e)}`).join(',')}}`;
    default:
      throw new ConversionError('cannot JSON-serialize dynamic');
  }
}

/**
 * encoding/json's string encoding with HTML escaping on, as cty's JSON and format's %q use it
 * (Go 1.22+ writes \b and \f in short form; a lone surrogate, which Go's UTF-8 strings cannot hold,
 * becomes U+FFFD as Go's decoder would have made it).
 */
export function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch in SHORT_ESCAPES) out += SHORT_ESCAPES[ch];
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Error from fromJSON, worded as Go's decoder / cty's ImpliedType report it. */
export class JSONDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JSONDecodeError';
  }
}

/** Decodes JSON text into a value of its implied type; throws JSONDecodeError. */
export function fromJSON(src: string): Value {
  const p = new JsonReader(src);
  p.skipSpace();
  if (p.eof()) throw new JSONDecodeError('EOF');
  const v = p.value();
  p.skipSpace();
  if (!p.eof()) throw new JSONDecodeError('extraneous data after JSON object');
  return v;
}

class JsonReader {
  private i = 0;
  constructor(private readonly s: string) {}

  eof(): boolean {
    return this.i >= this.s.length;
  }
  skipSpace(): void {
    while (!this.eof() && ' \t\r\n'.includes(this.s[this.i])) this.i++;
  }
  private need(): string {
    if (this.eof()) throw new JSONDecodeError('unexpected EOF');
    return this.s[this.i];
  }
  private bad(ctx: string): never {
    throw new JSONDecodeError(`invalid character '${this.s[this.i]}' ${ctx}`);
  }

  value(): Value {
    this.skipSpace();
    const c = this.need();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return Value.string(this.string());
    const lit = /^(true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i));
    if (!lit) this.bad('looking for beginning of value');
    this.i += lit[0].length;
    if (lit[0] === 'true') return Value.True;
    if (lit[0] === 'false') return Value.False;
    if (lit[0] === 'null') return Value.DynamicNull;
    return Value.number(lit[0]);
  }

  private object(): Value {
    this.i++;
    const m = new Map<string, Value>();
    this.skipSpace();
    if (this.need() === '}') {
      this.i++;
      return Value.object(m);
    }
    for (;;) {
      this.skipSpace();
      if (this.need() !== '"') this.bad('looking for beginning of object key string');
      const k = this.string();
      if (m.has(k)) throw new JSONDecodeError(`duplicate ${JSON.stringify(k)} property in JSON object`);
      this.skipSpace();
      if (this.need() !== ':') this.bad('after object key');
      this.i++;
      m.set(k, this.value());
      this.skipSpace();
      const c = this.need();
      this.i++;
      if (c === '}') return Value.object(m);
      if (c !== ',') {
        this.i--;
        this.bad('after object key:value pair');
      }
    }
  }

  private array(): Value {
    this.i++;
    const elems: Value[] = [];
    this.skipSpace();
    if (this.need() === ']') {
      this.i++;
      return Value.tuple(elems);
    }
    for (;;) {
      elems.push(this.value());
      this.skipSpace();
      const c = this.need();
      this.i++;
      if (c === ']') return Value.tuple(elems);
      if (c !== ',') {
        this.i--;
        this.bad('after array element');
      }
    }
  }

  private string(): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.need();
      this.i++;
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.need();
        this.i++;
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e in simple) out += simple[e];
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i, this.i + 4))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
          this.i += 4;
        } else {
          this.i--;
          this.bad('in string escape code');
        }
      } else if (c < ' ') {
        this.i--;
        this.bad('in string literal');
      } else out += c;
    }
  }
}
