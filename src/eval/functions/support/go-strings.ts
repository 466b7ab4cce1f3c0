/**
 * Go's strings and unicode behaviour where it differs from JavaScript's built-ins: Go maps case one
 * rune at a time with Unicode's simple mappings (so "ß" stays "ß" and nothing depends on context),
 * its white space set is not JavaScript's, and strings.Title has its own idea of word boundaries.
 */

export { graphemes } from '../../../text/graphemes';

// Simple mappings where JavaScript's full mapping yields several characters.
const SIMPLE_LOWER: Record<string, string> = { '\u0130': 'i' };
const SIMPLE_TITLE: Record<string, string> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
};

function mapRunes(s: string, f: (ch: string) => string, special: Record<string, string>): string {
  let out = '';
  for (const ch of s) {
    if (ch in special) {
      out += special[ch];
      continue;
    }
    const m = f(ch);
    // A multi-character result is a full (not simple) mapping: Go leaves such runes unchanged.
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}

export function goToUpper(s: string): string {
  return mapRunes(s, (c) => c.toUpperCase(), {});
}

export function goToLower(s: string): string {
  return mapRunes(s, (c) => c.toLowerCase(), SIMPLE_LOWER);
}

/** unicode.IsSpace */
export function goIsSpace(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\p{Z}]$/u.test(ch);
}

/** strings.TrimSpace */
export function goTrimSpace(s: string): string {
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && goIsSpace(chars[start])) start++;
  while (end > start && goIsSpace(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** strings.Trim: removes leading and trailing runes contained in cutset. */
export function goTrim(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = new Set(cutset);
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start])) start++;
  while (end > start && cut.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** The separator rule of Go's (deprecated) strings.Title. */
function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) as number;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
  return goIsSpace(ch);
}

/** strings.Title: title-cases every letter that follows a separator. */
export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isTitleSeparator(prev) ? mapRunes(ch, (c) => c.toUpperCase(), SIMPLE_TITLE) : ch;
    prev = ch;
  }
  return out;
}
