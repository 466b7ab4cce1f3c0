import { goQuoteRune } from '../../../text/go-quote';
import { DynamicType } from '../../../values/types';
import { Value } from '../../../values/value';

/**
 * jsondecode's reader. cty's ImpliedType/Unmarshal walk the document with Go's json.Decoder.Token,
 * not json.Unmarshal, and that streaming API has its own error behaviour which Packer users see:
 *  - running out of input between tokens is plain "EOF"; only a half-read scalar is "unexpected EOF";
 *  - a misplaced character is "invalid character 'c'" plus a context that depends on the token state
 *    (none at all right after "{");
 *  - after the top-level value only `]` or `}` may follow without "extraneous data" (Decoder.More);
 *  - a repeated object key simply replaces the earlier one.
 * This class follows that state machine; scalars are scanned as Go's scanner would from a fresh start.
 */
export class GoJsonSyntaxError extends Error {}

type TokenState =
  | 'top'
  | 'arrayStart'
  | 'arrayValue'
  | 'arrayComma'
  | 'objectStart'
  | 'objectKey'
  | 'objectColon'
  | 'objectValue'
  | 'objectComma';

type Token =
  | { kind: 'delim'; ch: '[' | ']' | '{' | '}' }
  | { kind: 'key'; key: string }
  | { kind: 'scalar'; value: Value };

const CONTEXT: Record<TokenState, string> = {
  top: ' looking for beginning of value',
  arrayStart: ' looking for beginning of value',
  arrayValue: ' looking for beginning of value',
  objectValue: ' looking for beginning of value',
  arrayComma: ' after array element',
  objectKey: ' looking for beginning of object key string',
  objectColon: ' after object key',
  objectComma: ' after object key:value pair',
  objectStart: '',
};

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * Go's quoteChar: the scanner works on bytes, so a non-ASCII character is shown as its first UTF-8
 * byte read as a Latin-1 rune, and strconv.Quote escapes what it considers unprintable.
 */
export function goQuoteChar(ch: string): string {
  return goQuoteRune(String.fromCharCode(Buffer.from(ch, 'utf8')[0]));
}

class TokenReader {
  private i = 0;
  private state: TokenState = 'top';
  private readonly stack: TokenState[] = [];
  constructor(private readonly src: string) {}

  /** The next non-space character, or undefined at the end (Decoder.peek). */
  private peek(): string | undefined {
    while (this.i < this.src.length && isSpace(this.src[this.i])) this.i++;
    return this.src[this.i];
  }

  private tokenError(): never {
    throw new GoJsonSyntaxError(
      `invalid character ${goQuoteChar(this.charAt(this.i))}${CONTEXT[this.state]}`,
    );
  }

  private valueAllowed(): boolean {
    return (
      this.state === 'top' ||
      this.state === 'arrayStart' ||
      this.state === 'arrayValue' ||
      this.state === 'objectValue'
    );
  }

  private valueEnd(): void {
    if (this.state === 'arrayStart' || this.state === 'arrayValue') this.state = 'arrayComma';
    else if (this.state === 'objectValue') this.state = 'objectComma';
  }

  /** Decoder.More: true unless at the end or at a closing bracket. */
  more(): boolean {
    const c = this.peek();
    return c !== undefined && c !== ']' && c !== '}';
  }

  token(): Token {
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new GoJsonSyntaxError('EOF');
      switch (c) {
        case '[':
        case '{':
          if (!this.valueAllowed()) this.tokenError();
          this.i++;
          this.stack.push(this.state);
          this.state = c === '[' ? 'arrayStart' : 'objectStart';
          return { kind: 'delim', ch: c };
        case ']':
        case '}': {
          const ok = c === ']' ? ['arrayStart', 'arrayComma'] : ['objectStart', 'objectComma'];
          if (!ok.includes(this.state)) this.tokenError();
          this.i++;
          this.state = this.stack.pop() ?? 'top';
          this.valueEnd();
          return { kind: 'delim', ch: c };
        }
        case ':':
          if (this.state !== 'objectColon') this.tokenError();
          this.i++;
          this.state = 'objectValue';
          continue;
        case ',':
          if (this.state === 'arrayComma') this.state = 'arrayValue';
          else if (this.state === 'objectComma') this.state = 'objectKey';
          else this.tokenError();
          this.i++;
          continue;
        default:
          if (c === '"' && (this.state === 'objectStart' || this.state === 'objectKey')) {
            const key = this.scanString();
            this.state = 'objectColon';
            return { kind: 'key', key };
          }
          if (!this.valueAllowed()) this.tokenError();
          {
            const value = this.scanScalar();
            this.valueEnd();
            return { kind: 'scalar', value };
          }
      }
    }
  }

  /** A scalar as Go's scanner reads it from a fresh start at a non-space character. */
  private scanScalar(): Value {
    const c = this.src[this.i];
    if (c === '"') return Value.string(this.scanString());
    if (c === '-' || isDigit(c)) return Value.number(this.scanNumber());
    for (const [word, value] of [
      ['true', Value.True],
      ['false', Value.False],
      ['null', Value.nullOf(DynamicType)],
    ] as const) {
      if (c !== word[0]) continue;
      for (let k = 1; k < word.length; k++) {
        const d = this.src[this.i + k];
        if (d === undefined) throw new GoJsonSyntaxError('unexpected EOF');
        if (d !== word[k])
          throw new GoJsonSyntaxError(
            `invalid character ${goQuoteChar(d)} in literal ${word} (expecting '${word[k]}')`,
          );
      }
      this.i += word.length;
      return value;
    }
    throw new GoJsonSyntaxError(
      `invalid character ${goQuoteChar(this.charAt(this.i))} looking for beginning of value`,
    );
  }

  /** The whole character (not just a UTF-16 unit) at index j, for error messages. */
  private charAt(j: number): string {
    return String.fromCodePoint(this.src.codePointAt(j) ?? 0);
  }

  private scanNumber(): string {
    const start = this.i;
    const fail = (what: string): never => {
      const d = this.src[this.i];
      if (d === undefined) throw new GoJsonSyntaxError('unexpected EOF');
      throw new GoJsonSyntaxError(`invalid character ${goQuoteChar(this.charAt(this.i))} ${what}`);
    };
    if (this.src[this.i] === '-') {
      this.i++;
      if (!isDigit(this.src[this.i])) fail('in numeric literal');
    }
    if (this.src[this.i] === '0') this.i++;
    else while (isDigit(this.src[this.i])) this.i++;
    if (this.src[this.i] === '.') {
      this.i++;
      if (!isDigit(this.src[this.i])) fail('after decimal point in numeric literal');
      while (isDigit(this.src[this.i])) this.i++;
    }
    if (this.src[this.i] === 'e' || this.src[this.i] === 'E') {
      this.i++;
      if (this.src[this.i] === '+' || this.src[this.i] === '-') this.i++;
      if (!isDigit(this.src[this.i])) fail('in exponent of numeric literal');
      while (isDigit(this.src[this.i])) this.i++;
    }
    // Whatever follows ends the number; Decoder.Token or More judges it as the next token.
    return this.src.slice(start, this.i);
  }

  private scanString(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) throw new GoJsonSyntaxError('unexpected EOF');
      if (c === '"') break;
      if (c < ' ') throw new GoJsonSyntaxError(`invalid character ${goQuoteChar(c)} in string literal`);
      if (c === '\\') {
        const e = this.src[this.i + 1];
        if (e === undefined) throw new GoJsonSyntaxError('unexpected EOF');
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            const h = this.src[this.i + k];
            if (h === undefined) throw new GoJsonSyntaxError('unexpected EOF');
            if (!isHex(h)) {
              throw new GoJsonSyntaxError(
                `invalid character ${goQuoteChar(this.charAt(this.i + k))} in \\u hexadecimal character escape`,
              );
            }
          }
          this.i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) {
          throw new GoJsonSyntaxError(
            `invalid character ${goQuoteChar(this.charAt(this.i + 1))} in string escape code`,
          );
        }
        this.i += 2;
        continue;
      }
      this.i++;
    }
    this.i++;
    // The escapes are exactly JSON's, so the platform parser can unescape; Go turns a lone
    // surrogate escape into U+FFFD.
    const s = JSON.parse(this.src.slice(start, this.i)) as string;
    return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  }
}

function valueFor(tok: Token, r: TokenReader): Value {
  if (tok.kind === 'scalar') return tok.value;
  if (tok.kind === 'key') throw new GoJsonSyntaxError('unexpected object key'); // unreachable: keys follow { or ,
  if (tok.ch === '[') {
    const items: Value[] = [];
    for (;;) {
      const t = r.token();
      if (t.kind === 'delim' && t.ch === ']') return Value.tuple(items);
      items.push(valueFor(t, r));
    }
  }
  if (tok.ch === '{') {
    const attrs = new Map<string, Value>();
    for (;;) {
      const t = r.token();
      if (t.kind === 'delim' && t.ch === '}') return Value.object(attrs);
      if (t.kind !== 'key') throw new GoJsonSyntaxError('unexpected token'); // unreachable: Token rejects it
      attrs.set(t.key, valueFor(r.token(), r));
    }
  }
  throw new GoJsonSyntaxError(`unexpected token "${tok.ch}"`); // unreachable: Token rejects a stray closer
}

/** Parses a JSON document into a value of its implied type as cty's jsondecode does; throws GoJsonSyntaxError. */
export function decodeGoJson(src: string): Value {
  const r = new TokenReader(src);
  const v = valueFor(r.token(), r);
  if (r.more()) throw new GoJsonSyntaxError('extraneous data after JSON object');
  return v;
}
