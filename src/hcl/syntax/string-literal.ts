import type { Diagnostic } from '../diagnostics';
import { errorDiag } from '../diagnostics';
import type { Pos, Range } from '../pos';
import type { Token } from './token';

const NEEDS_UNESCAPE = /[\\$%]/;

/**
 * Resolves the escapes in a literal token's text, appending any problems to `diags`. Quoted
 * literals understand backslash escapes; both quoted and heredoc/bare literals turn `$${` and `%%{`
 * into `${` and `%{`.
 */
export function unescapeLiteral(tok: Token, diags: Diagnostic[]): string {
  const quoted = tok.type === 'QuotedLit';
  const text = tok.text;
  // Most literals have nothing to resolve: return the token's own text rather than a copy.
  if (!NEEDS_UNESCAPE.test(text)) return text;
  let out = '';
  let i = 0;
  let litStart = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x24 || c === 0x25) {
      // `$${` -> `${`. Checked at each `$`, like hclsyntax's token scanner, so `$$${` reads as `$`
      // followed by the escape `$${` (giving `$${`), and a lone `$$` stays literal.
      if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 0x7b) {
        out += text.slice(litStart, i) + text[i] + '{';
        i += 3;
        litStart = i;
      } else {
        i++;
      }
      continue;
    }
    if (c !== 0x5c || !quoted) {
      i++;
      continue;
    }
    out += text.slice(litStart, i);
    const escStart = i;
    const sel = text[i + 1];
    let value: string | undefined;
    let end = i + 2;
    let problem: string | undefined;
    switch (sel) {
      case undefined:
        end = i + 1;
        problem = 'Backslash must be followed by an escape sequence selector character.';
        value = '\\';
        break;
      case 'n':
        value = '\n';
        break;
      case 'r':
        value = '\r';
        break;
      case 't':
        value = '\t';
        break;
      case '"':
        value = '"';
        break;
      case '\\':
        value = '\\';
        break;
      case 'u':
      case 'U': {
        const want = sel === 'u' ? 4 : 8;
        let j = i + 2;
        while (j < n && j - (i + 2) < want && isHex(text.charCodeAt(j))) j++;
        end = j;
        if (j - (i + 2) !== want) {
          problem =
            sel === 'u'
              ? 'The \\u escape sequence must be followed by four hexadecimal digits.'
              : 'The \\U escape sequence must be followed by eight hexadecimal digits.';
          value = text.slice(i, j);
          break;
        }
        const cp = parseInt(text.slice(i + 2, j), 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          problem = `Cannot encode character U+${cp.toString(16).padStart(4, '0')} in UTF-8.`;
          value = text.slice(i, j);
          break;
        }
        value = String.fromCodePoint(cp);
        break;
      }
      default: {
        const cp = text.codePointAt(i + 1) ?? 0;
        const sym = String.fromCodePoint(cp);
        end = i + 1 + sym.length;
        problem = `The symbol ${JSON.stringify(sym)} is not a valid escape sequence selector.`;
        value = sym;
        break;
      }
    }
    if (problem !== undefined) {
      diags.push(errorDiag('Invalid escape sequence', problem, subRange(tok.range, text, escStart, end)));
    }
    out += value;
    i = end;
    litStart = i;
  }
  out += text.slice(litStart);
  return out;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Position reached after reading `text` from index `from` to `to`, starting at `start`. */
export function advancePos(start: Pos, text: string, from: number, to: number): Pos {
  let { line, column, byte } = start;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      column = 1;
      byte++;
      continue;
    }
    column++;
    if (c < 0x80) byte += 1;
    else if (c < 0x800) byte += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        byte += 4;
        i++;
      } else {
        byte += 3;
      }
    } else byte += 3;
  }
  return { line, column, byte };
}

/** The range of text[from, to) within a token whose text starts at r.start. */
export function subRange(r: Range, text: string, from: number, to: number): Range {
  const start = advancePos(r.start, text, 0, from);
  return { filename: r.filename, start, end: advancePos(start, text, from, to) };
}
