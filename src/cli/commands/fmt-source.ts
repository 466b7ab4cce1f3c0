import { isUtf8 } from 'buffer';

import type { Diagnostic } from '../../hcl/diagnostics';
import { errorDiag } from '../../hcl/diagnostics';
import type { Pos } from '../../hcl/pos';

/**
 * Decodes a file's bytes for formatting. Node would silently turn invalid UTF-8 into U+FFFD, and
 * writing the result back would corrupt the file; HCL (and so `packer fmt`) refuses such input
 * with an "Invalid character encoding" error instead.
 */
export function decodeSource(
  bytes: Uint8Array,
  filename: string,
): { src?: string; diagnostics: Diagnostic[] } {
  // Node's native validator answers the common case quickly; the scan finds where a bad file breaks.
  const bad = isUtf8(bytes) ? -1 : firstInvalidUTF8(bytes);
  if (bad < 0) return { src: Buffer.from(bytes).toString('utf8'), diagnostics: [] };
  const start = posAt(bytes, bad);
  const end: Pos = { line: start.line, column: start.column + 1, byte: bad + 1 };
  return {
    diagnostics: [
      errorDiag(
        'Invalid character encoding',
        'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.',
        { filename, start, end },
      ),
    ],
  };
}

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUTF8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not valid UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

function posAt(b: Uint8Array, offset: number): Pos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = [...Buffer.from(b.subarray(lineStart, offset)).toString('utf8')].length + 1;
  return { line, column, byte: offset };
}
