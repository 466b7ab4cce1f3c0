import type { Pos, Range } from '../pos';

/**
 * Tokens of HCL's JSON syntax. The scanner is deliberately lax about strings, numbers and keywords:
 * it captures whatever the user probably meant as one token so that the parser can explain what is
 * wrong with it ("True" → 'Did you mean "true"?') instead of failing on the first odd byte.
 */
export type JsonTokenType =
  | '{'
  | '}'
  | '['
  | ']'
  | ','
  | ':'
  /** Never valid; scanned only so the parser can remind the user that JSON uses colons. */
  | '='
  | 'keyword'
  | 'string'
  | 'number'
  | 'invalid'
  | 'eof';

export interface JsonToken {
  readonly type: JsonTokenType;
  /** The source text of the token (for strings: including the quotes, escapes unprocessed). */
  readonly text: string;
  readonly range: Range;
}

const PUNCTUATION = new Set(['{', '}', '[', ']', ',', ':', '=']);

/**
 * Splits src into tokens, always ending with an 'eof' token. Scanning stops at the first character
 * that cannot start any token (reported by the parser as an invalid start of value), because what
 * follows is unlikely to tokenise meaningfully.
 */
export function scanJSON(
  src: string,
  filename: string,
  start: Pos = { line: 1, column: 1, byte: 0 },
): JsonToken[] {
  const tokens: JsonToken[] = [];
  let i = 0;
  let line = start.line;
  let column = start.column;
  let byte = start.byte;
  const here = (): Pos => ({ line, column, byte });
  const range = (from: Pos): Range => ({ filename, start: from, end: here() });

  /** Advances over one code point that is not a line break. */
  const advance = (): void => {
    const cp = src.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    byte += utf8Length(cp);
    column++;
  };

  for (;;) {
    // Whitespace. Columns follow hcl's JSON scanner: a tab counts as two columns and a carriage
    // return as none (it is assumed to precede a newline).
    while (i < src.length) {
      const c = src[i];
      if (c === ' ') {
        column++;
      } else if (c === '\n') {
        line++;
        column = 1;
      } else if (c === '\r') {
        // no column
      } else if (c === '\t') {
        column += 2;
      } else break;
      i++;
      byte++;
    }
    const from = here();
    const startIndex = i;
    if (i >= src.length) {
      tokens.push({ type: 'eof', text: '', range: range(from) });
      return tokens;
    }
    const c = src[i];
    if (PUNCTUATION.has(c)) {
      advance();
      tokens.push({ type: c as JsonTokenType, text: c, range: range(from) });
    } else if (c === '"') {
      advance();
      let escaping = false;
      while (i < src.length) {
        const d = src[i];
        if (d < ' ') break; // control characters (including newlines) cannot appear in strings
        advance();
        if (d === '"' && !escaping) break;
        escaping = d === '\\' && !escaping;
      }
      tokens.push({ type: 'string', text: src.slice(startIndex, i), range: range(from) });
    } else if (/[-+.0-9]/.test(c)) {
      // 'e' may not start a number, so that "e5" is reported as a bad keyword rather than number.
      while (i < src.length && /[-+.eE0-9]/.test(src[i])) advance();
      tokens.push({ type: 'number', text: src.slice(startIndex, i), range: range(from) });
    } else if (/[A-Za-z]/.test(c)) {
      while (i < src.length && /[A-Za-z_]/.test(src[i])) advance();
      tokens.push({ type: 'keyword', text: src.slice(startIndex, i), range: range(from) });
    } else {
      advance();
      tokens.push({ type: 'invalid', text: src.slice(startIndex, i), range: range(from) });
      tokens.push({ type: 'eof', text: '', range: range(here()) });
      return tokens;
    }
  }
}

export function utf8Length(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}
