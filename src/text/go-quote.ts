/**
 * Go's strconv.Quote and strconv.QuoteRune (what fmt's %q prints). HCL's and cty's messages, cty's
 * set hashes and `packer console` all quote user text this way. Unlike JSON.stringify, Go writes
 * runes that unicode.IsPrint rejects (such as a no-break space) as \x, \u or \U escapes and keeps
 * printable non-ASCII characters as they are.
 */

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
};

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function quoteChar(ch: string, quote: string): string {
  if (ch === quote) return `\\${quote}`;
  if (ch in SHORT_ESCAPES) return SHORT_ESCAPES[ch];
  if (PRINTABLE.test(ch)) return ch;
  const cp = ch.codePointAt(0) as number;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd'; // a lone surrogate cannot occur in Go's UTF-8
  if (cp < 0x80) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** strconv.Quote: `"name"`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteChar(ch, '"');
  return `${out}"`;
}

/** strconv.QuoteRune for one character: `'x'`. */
export function goQuoteRune(ch: string): string {
  return `'${quoteChar(ch, "'")}'`;
}
