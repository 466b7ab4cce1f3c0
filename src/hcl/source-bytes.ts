import { isUtf8 } from 'buffer';

/**
 * Turning a configuration file's bytes into text. Node's own decoding silently replaces invalid
 * UTF-8 with U+FFFD, which would hide from the native-syntax scanner the bytes hclsyntax reports
 * as "Invalid character encoding"; so bytes are checked before they become a JavaScript string.
 */

/**
 * Length of the well-formed UTF-8 sequence starting at `b[i]`, or 0 when none starts there (a
 * stray continuation byte, an invalid lead byte, a truncated sequence, an overlong form, an encoded
 * UTF-16 surrogate or a code point past U+10FFFF) — the sequences Go's utf8.DecodeRune refuses.
 */
export function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  let need: number;
  let min: number;
  if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
  else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
  else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
  else return 0;
  let cp = c & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const cc = b[i + k];
    if (cc === undefined || (cc & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0;
  return need + 1;
}

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUTF8(b: Uint8Array): number {
  if (isUtf8(b)) return -1;
  let i = 0;
  while (i < b.length) {
    const n = utf8SequenceLength(b, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/**
 * Decodes UTF-8, passing each byte that is not part of a well-formed sequence to `stray` for the
 * text that stands for it (one byte at a time, as Go's decoder steps over invalid input).
 */
function decodeWith(bytes: Uint8Array, stray: (byte: number) => string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return buf.toString('utf8');
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < buf.length) {
    const n = utf8SequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString('utf8', runStart, i) + stray(buf[i]);
    i++;
    runStart = i;
  }
  return out + buf.toString('utf8', runStart, i);
}

/**
 * Decodes a native-syntax (.pkr.hcl, .pkrvars.hcl) file. An invalid byte becomes a lone low
 * surrogate (U+DC80–U+DCFF, as Python's "surrogateescape"), which the scanner reports as a
 * BadUTF8 token wherever hclsyntax would — in names, string literals, heredocs and templates —
 * and accepts inside comments, where hclsyntax accepts any byte.
 */
export function decodeNativeSource(bytes: Uint8Array): string {
  return decodeWith(bytes, (b) => String.fromCharCode(0xdc00 | b));
}

/**
 * Decodes a JSON (.pkr.json, legacy JSON, JSON variable file) file. Packer reads their strings
 * with Go's encoding/json, which replaces each invalid byte with U+FFFD rather than failing.
 */
export function decodeJSONSource(bytes: Uint8Array): string {
  return decodeWith(bytes, () => '\ufffd');
}
