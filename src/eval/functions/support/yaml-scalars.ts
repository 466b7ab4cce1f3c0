import { Value } from '../../../values/value';

/**
 * Pieces of go-cty-yaml (v1.0.1, the version current Packer uses) that the `yaml` package does not
 * give us: its number syntax and where its error messages say they happened.
 */

/**
 * cty.ParseNumberVal: Go's big.ParseFloat in base 10, so decimal digits with an optional fraction
 * and exponent, or "Inf"/"inf" with a sign. No 0x/0o prefixes and no underscores: an untagged
 * "0x10" stays a string in go-cty-yaml.
 */
export function goDecimalNumber(s: string): Value | undefined {
  const inf = /^([+-]?)(Inf|inf)$/.exec(s);
  if (inf) return Value.number(inf[1] === '-' ? '-Infinity' : 'Infinity');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Value.number(s.replace(/^\+/, '').replace(/\.(?=[eE]|$)/, ''));
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * What an explicit !!int or !!float tag accepts after the decimal syntax: Go's strconv.ParseInt and
 * ParseUint with base 0 (0x, 0o, 0b prefixes, a leading 0 for octal) within 64 bits.
 */
export function goPrefixedInteger(plain: string): Value | undefined {
  const m = /^([+-]?)0(?:([xX])([0-9a-fA-F]+)|([oO])([0-7]+)|([bB])([01]+)|([0-7]+))$/.exec(plain);
  if (!m) return undefined;
  const [, sign, x, xd, o, od, b, bd, octal] = m;
  const digits = x ? `0x${xd}` : o ? `0o${od}` : b ? `0b${bd}` : `0o${octal}`;
  const magnitude = BigInt(digits);
  const n = sign === '-' ? -magnitude : magnitude;
  const fits = (n >= INT64_MIN && n <= INT64_MAX) || (sign === '' && n <= UINT64_MAX);
  return fits ? Value.number(n.toString()) : undefined;
}

/**
 * go-cty-yaml prefixes event errors with "on line L, column C: " where L is libyaml's zero-based
 * line (an off-by-one it really has) and leaves the prefix out entirely on the first line.
 */
export function yamlErrorAt(src: string, offset: number, message: string): string {
  const { line, column } = libyamlMark(src, offset);
  return line === 0 ? message : `on line ${line}, column ${column + 1}: ${message}`;
}

/** libyaml's zero-based line and column (in characters) of a source offset; \r\n is one break. */
export function libyamlMark(src: string, offset: number): { line: number; column: number } {
  let line = 0;
  let column = 0;
  for (let i = 0; i < offset && i < src.length; i++) {
    const c = src[i];
    if (c === '\r' && src[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029') {
      line++;
      column = 0;
    } else if (!(c >= '\uDC00' && c <= '\uDFFF')) column++;
  }
  return { line, column };
}

/**
 * Where libyaml puts the stream end, which is what "missing start of document" reports for input
 * with no document: after the last line break, or on a new line when the input does not end with
 * one (go-cty-yaml parses empty input as a single "\n").
 */
export function streamEndLine(src: string): number {
  const text = src === '' ? '\n' : src;
  const { line, column } = libyamlMark(text, text.length);
  return column === 0 ? line : line + 1;
}
