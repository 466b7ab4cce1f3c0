import { formatNumber } from '../../../values/number-format';
import { DynamicType } from '../../../values/types';
import { Value } from '../../../values/value';

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

class JsonSyntaxError extends Error {}

/** A small JSON reader producing cty values, with Go decoder-style messages. */
class Reader {
  private i = 0;
  constructor(private readonly src: string) {}

  private ws(): void {
    while (this.i < this.src.length && ' \t\r\n'.includes(this.src[this.i])) this.i++;
  }
  private charDesc(): string {
    const c = this.src[this.i];
    if (c === "'") return "'\\''";
    if (c === '"') return "'\"'";
    return `'${c}'`;
  }
  private fail(context: string): never {
    if (this.i >= this.src.length) throw new JsonSyntaxError('unexpected EOF');
    throw new JsonSyntaxError(`invalid character ${this.charDesc()} ${context}`);
  }

  document(): Value {
    this.ws();
    if (this.i >= this.src.length) throw new JsonSyntaxError('EOF');
    const v = this.value();
    this.ws();
    if (this.i < this.src.length) throw new JsonSyntaxError('extraneous data after JSON object');
    return v;
  }

  private value(): Value {
    this.ws();
    const c = this.src[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return Value.string(this.string());
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', Value.True],
      ['false', Value.False],
      ['null', Value.nullOf(DynamicType)],
    ] as const) {
      if (this.src.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    if (c !== undefined && 'tfn'.includes(c)) {
      // A truncated or misspelt literal: find the first wrong character.
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      let k = 0;
      while (this.i < this.src.length && this.src[this.i] === word[k]) {
        this.i++;
        k++;
      }
      this.fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    this.fail('looking for beginning of value');
  }

  private object(): Value {
    this.i++;
    const attrs = new Map<string, Value>();
    this.ws();
    if (this.src[this.i] === '}') {
      this.i++;
      return Value.object(attrs);
    }
    for (;;) {
      this.ws();
      if (this.src[this.i] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.ws();
      if (this.src[this.i] !== ':') this.fail('after object key');
      this.i++;
      const v = this.value();
      if (attrs.has(key))
        throw new JsonSyntaxError(`duplicate ${JSON.stringify(key)} property in JSON object`);
      attrs.set(key, v);
      this.ws();
      if (this.src[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.src[this.i] === '}') {
        this.i++;
        return Value.object(attrs);
      }
      this.fail('after object key:value pair');
    }
  }

  private array(): Value {
    this.i++;
    const items: Value[] = [];
    this.ws();
    if (this.src[this.i] === ']') {
      this.i++;
      return Value.tuple(items);
    }
    for (;;) {
      items.push(this.value());
      this.ws();
      if (this.src[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.src[this.i] === ']') {
        this.i++;
        return Value.tuple(items);
      }
      this.fail('after array element');
    }
  }

  private number(): Value {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.i));
    if (!m) {
      this.i++;
      this.fail('in numeric literal');
    }
    this.i += m[0].length;
    return Value.number(m[0]);
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      if (this.i >= this.src.length) throw new JsonSyntaxError('unexpected EOF');
      const c = this.src[this.i];
      if (c === '"') break;
      if (c < ' ') this.fail('in string literal');
      if (c === '\\') {
        const e = this.src[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.src.slice(this.i + 2, this.i + 6))) {
            this.i += 2;
            while (/[0-9a-fA-F]/.test(this.src[this.i] ?? '')) this.i++;
            this.fail('in \\u hexadecimal character escape');
          }
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.i++;
          this.fail('in string escape code');
        }
        this.i += 2;
        continue;
      }
      this.i++;
    }
    this.i++;
    // The escapes are exactly JSON's, so the platform parser can do the unescaping.
    return JSON.parse(this.src.slice(start, this.i)) as string;
  }
}

/** Parses a JSON document into a cty value of its implied type; throws Error on bad input. */
export function fromJSON(src: string): Value {
  return new Reader(src).document();
}
