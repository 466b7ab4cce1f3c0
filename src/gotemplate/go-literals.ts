/**
 * Go's reading of the literals a template may contain: strconv.Unquote for "quoted" and `raw`
 * strings and for 'c' character constants, and the number rules of text/template's NumberNode
 * (strconv.ParseInt/ParseUint with base 0, ParseFloat), with their error wording.
 */

/** strconv.ErrSyntax's text. */
const INVALID_SYNTAX = 'invalid syntax';

export class GoLiteralError extends Error {}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
};

function hexValue(s: string): number | undefined {
  return /^[0-9a-fA-F]+$/.test(s) ? parseInt(s, 16) : undefined;
}

/**
 * strconv.UnquoteChar: the first character or escape of s. Escapes \x and octal give one byte
 * (`byte`), the others a code point (`rune`).
 */
function unquoteChar(s: string, quote: string): { rune?: number; byte?: number; rest: string } {
  const c = s[0];
  if (c === quote && (quote === "'" || quote === '"')) throw new GoLiteralError(INVALID_SYNTAX);
  if (c !== '\\') {
    const cp = s.codePointAt(0) as number;
    return { rune: cp, rest: s.slice(cp > 0xffff ? 2 : 1) };
  }
  if (s.length <= 1) throw new GoLiteralError(INVALID_SYNTAX);
  const e = s[1];
  const tail = s.slice(2);
  if (e in SIMPLE_ESCAPES) return { rune: SIMPLE_ESCAPES[e], rest: tail };
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const v = hexValue(tail.slice(0, n));
    if (v === undefined || tail.length < n) throw new GoLiteralError(INVALID_SYNTAX);
    if (e === 'x') return { byte: v, rest: tail.slice(n) };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new GoLiteralError(INVALID_SYNTAX);
    return { rune: v, rest: tail.slice(n) };
  }
  if (e >= '0' && e <= '7') {
    const digits = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(digits)) throw new GoLiteralError(INVALID_SYNTAX);
    const v = parseInt(digits, 8);
    if (v > 255) throw new GoLiteralError(INVALID_SYNTAX);
    return { byte: v, rest: s.slice(4) };
  }
  if (e === "'" || e === '"') {
    if (e !== quote) throw new GoLiteralError(INVALID_SYNTAX);
    return { rune: e.charCodeAt(0), rest: tail };
  }
  throw new GoLiteralError(INVALID_SYNTAX);
}

/**
 * strconv.Unquote of a "double-quoted" or `raw` literal. Go strings are bytes; bytes written as
 * escapes are decoded as UTF-8 here, so an invalid sequence becomes U+FFFD.
 */
export function unquoteGoString(quoted: string): string {
  const q = quoted[0];
  if (quoted.length < 2 || quoted[quoted.length - 1] !== q) throw new GoLiteralError(INVALID_SYNTAX);
  const body = quoted.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new GoLiteralError(INVALID_SYNTAX);
    return body.replace(/\r/g, ''); // Go drops carriage returns from raw strings
  }
  if (q !== '"' || body.includes('\n')) throw new GoLiteralError(INVALID_SYNTAX);
  const bytes: number[] = [];
  let rest = body;
  while (rest.length > 0) {
    const r = unquoteChar(rest, '"');
    rest = r.rest;
    if (r.byte !== undefined) bytes.push(r.byte);
    else bytes.push(...Buffer.from(String.fromCodePoint(r.rune as number), 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A character constant `'x'` as text/template reads it: its code point, or an error message. */
export function unquoteGoChar(text: string): number {
  const r = unquoteChar(text.slice(1), "'");
  if (r.rest !== "'") throw new GoLiteralError(`malformed character constant: ${text}`);
  return r.byte ?? (r.rune as number);
}

/** strconv's underscoreOK: underscores only between digits or after a base prefix. */
function underscoreOK(text: string): boolean {
  let s = text;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(s, 0, 64) without the sign; undefined on any error. */
function parseUnsigned(s: string): bigint | undefined {
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (s[0] === '0' && s.length > 1) {
    const p = s[1].toLowerCase();
    if (s.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
      base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
      digits = s.slice(2);
    } else {
      base = 8;
      digits = s.slice(1);
    }
  }
  const clean = digits.replace(/_/g, '');
  if (clean === '' || (digits.includes('_') && !underscoreOK(s))) return undefined;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base] as RegExp;
  if (!valid.test(clean)) return undefined;
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
  const v = BigInt(prefix + clean);
  return v > UINT64_MAX ? undefined : v;
}

/** strconv.ParseFloat(s, 64) for the syntax Go's lexer lets through; undefined on error or overflow. */
function parseFloat64(s: string): number | undefined {
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  const clean = s.replace(/_/g, '');
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(clean);
  let v: number;
  if (hex) {
    const [, sign, whole, frac = '', exp] = hex;
    if (whole === '' && frac === '') return undefined;
    const mantissa = BigInt(`0x${whole}${frac}`);
    v = Number(mantissa) * 2 ** (Number(exp) - 4 * frac.length);
    if (sign === '-') v = -v;
  } else {
    if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(clean)) return undefined;
    v = Number(clean);
  }
  return Number.isFinite(v) ? v : undefined;
}

/** text/template's NumberNode: which Go kinds the literal can be, and its value in each. */
export interface GoNumber {
  readonly text: string;
  readonly int?: bigint;
  readonly uint?: bigint;
  readonly float?: number;
}

/** NumberNode's reading of a number literal (complex literals are not supported). */
export function parseGoNumber(text: string): GoNumber {
  const negative = text[0] === '-';
  const unsignedText = text[0] === '+' || text[0] === '-' ? text.slice(1) : text;
  const magnitude = parseUnsigned(unsignedText);
  let uint: bigint | undefined = text[0] === '-' || text[0] === '+' ? undefined : magnitude;
  let int: bigint | undefined;
  if (magnitude !== undefined) {
    const signed = negative ? -magnitude : magnitude;
    if (signed >= -INT64_MAX - 1n && signed <= INT64_MAX) int = signed;
  }
  if (int === 0n) uint = 0n; // -0
  if (int !== undefined) return { text, int, uint, float: Number(int) };
  if (uint !== undefined) return { text, uint, float: Number(uint) };
  const f = parseFloat64(text);
  if (f !== undefined) {
    if (!/[.eEpP]/.test(text)) throw new GoLiteralError(`integer overflow: ${goQuoteAscii(text)}`);
    const whole = Number.isInteger(f) ? BigInt(f) : undefined;
    return {
      text,
      float: f,
      int: whole !== undefined && whole >= -INT64_MAX - 1n && whole <= INT64_MAX ? whole : undefined,
      uint: whole !== undefined && whole >= 0n && whole <= UINT64_MAX ? whole : undefined,
    };
  }
  throw new GoLiteralError(`illegal number syntax: ${goQuoteAscii(text)}`);
}

/** %q of text the number lexer accepted (ASCII letters, digits and punctuation only). */
function goQuoteAscii(s: string): string {
  return `"${s}"`;
}
