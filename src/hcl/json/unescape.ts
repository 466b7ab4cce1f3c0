import { utf8Length } from './scanner';

export type UnescapeResult =
  | { readonly ok: true; readonly value: string }
  /** byteOffset/columnOffset locate the offending character relative to the token start. */
  | { readonly ok: false; readonly byteOffset: number; readonly columnOffset: number };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Decodes a scanned JSON string token (quotes included) as encoding/json does: the standard escapes,
 * \uXXXX with surrogate pairs, and U+FFFD for a lone surrogate. On failure, reports where.
 */
export function unescapeJSONString(token: string): UnescapeResult {
  let out = '';
  let byteOffset = 1;
  let columnOffset = 1;
  let i = 1;
  const fail = (): UnescapeResult => ({ ok: false, byteOffset, columnOffset });
  const pendingHigh: number[] = [];
  const flushHigh = (): void => {
    if (pendingHigh.length) out += '\ufffd';
    pendingHigh.length = 0;
  };
  while (i < token.length) {
    const cp = token.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (ch === '"') {
      flushHigh();
      return i === token.length - 1 ? { ok: true, value: out } : fail();
    }
    if (ch !== '\\') {
      flushHigh();
      out += ch;
      i += ch.length;
      byteOffset += utf8Length(cp);
      columnOffset++;
      continue;
    }
    // An escape: point any error at the character after the backslash.
    const esc = token[i + 1];
    byteOffset++;
    columnOffset++;
    if (esc === undefined) return fail();
    if (esc in SIMPLE_ESCAPES) {
      flushHigh();
      out += SIMPLE_ESCAPES[esc];
      i += 2;
      byteOffset++;
      columnOffset++;
      continue;
    }
    if (esc !== 'u') return fail();
    const hex = token.slice(i + 2, i + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
      // Point at the first character that is not a hex digit.
      const bad = [...hex].findIndex((h) => !/[0-9A-Fa-f]/.test(h));
      const n = bad < 0 ? hex.length : bad;
      return { ok: false, byteOffset: byteOffset + 1 + n, columnOffset: columnOffset + 1 + n };
    }
    const unit = parseInt(hex, 16);
    i += 6;
    byteOffset += 5;
    columnOffset += 5;
    if (unit >= 0xd800 && unit < 0xdc00) {
      flushHigh();
      pendingHigh.push(unit);
    } else if (unit >= 0xdc00 && unit < 0xe000) {
      if (pendingHigh.length) {
        out += String.fromCharCode(pendingHigh[0], unit);
        pendingHigh.length = 0;
      } else out += '\ufffd';
    } else {
      flushHigh();
      out += String.fromCharCode(unit);
    }
  }
  // No closing quote: the string was cut off by a line break, control character or end of input.
  return fail();
}
