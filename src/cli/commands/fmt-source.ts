import type { Diagnostic } from '../../hcl/diagnostics';
import { errorDiag } from '../../hcl/diagnostics';
import type { Pos } from '../../hcl/pos';
import { firstInvalidUTF8 } from '../../hcl/source-bytes';

/**
 * Decodes a file's bytes for formatting. Node would silently turn invalid UTF-8 into U+FFFD, and
 * writing the result back would corrupt the file; HCL (and so `packer fmt`) refuses such input
 * with an "Invalid character encoding" error instead.
 */
export function decodeSource(
  bytes: Uint8Array,
  filename: string,
): { src?: string; diagnostics: Diagnostic[] } {
  const bad = firstInvalidUTF8(bytes);
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
