import type { Diagnostic } from '../diagnostics';
import { hasErrors } from '../diagnostics';
import { parseConfigTokens } from '../syntax/parser';
import { scanTokens } from '../syntax/scanner';
import type { Token } from '../syntax/token';
import { layoutTokens, type LayoutToken } from './layout';

/**
 * `kiln fmt`'s formatter: byte-for-byte what `packer fmt` (hclwrite.Format) produces.
 *
 * Like hclwrite it works from the token stream and ignores syntax errors, so it can format partial
 * or broken input without throwing; `formatHCLChecked` is the `packer fmt` behaviour of refusing
 * files that do not parse.
 */

/**
 * Formats HCL native syntax source. Never throws on bad input. The scanner skips one leading byte
 * order mark, so it is dropped (as hclwrite drops it); a second one is an invalid token, kept.
 */
export function formatHCL(src: string, filename = '<stdin>'): string {
  return formatTokens(src, scanTokens(src, filename));
}

function formatTokens(text: string, scanned: readonly Token[]): string {
  // Usually the scanner's tokens can be laid out as they are; only tabs and `::` need rework.
  const eofAt = scanned.length - 1;
  if (!needsRework(scanned, eofAt)) {
    const blanks = trailingBlankBytes(text, eofAt > 0 ? scanned[eofAt - 1] : undefined, scanned[eofAt]);
    return layoutTokens(scanned.slice(0, eofAt), blanks, text);
  }

  const toks: LayoutToken[] = [];
  let eof: Token | undefined;
  let last: Token | undefined;
  for (const tok of scanned) {
    if (tok.type === 'EOF') {
      eof = tok;
      break;
    }
    // Tabs between tokens are whitespace to hclwrite (which replaces them with computed spaces).
    if (tok.type === 'Tabs') continue;
    const prev = toks[toks.length - 1];
    if (tok.type === 'Colon' && prev?.type === 'Colon' && last?.range.end.byte === tok.range.start.byte) {
      // hclsyntax scans `::` as one token; rebuild it so spacing treats it as a namespace separator.
      toks[toks.length - 1] = { type: 'DoubleColon', text: '::' };
    } else {
      toks.push(tok);
    }
    last = tok;
  }
  return layoutTokens(toks, trailingBlankBytes(text, last, eof), text);
}

function needsRework(scanned: readonly Token[], eofAt: number): boolean {
  for (let i = 0; i < eofAt; i++) {
    const type = scanned[i].type;
    if (type === 'Tabs' || (type === 'Colon' && i > 0 && scanned[i - 1].type === 'Colon')) return true;
  }
  return false;
}

/**
 * How many blank bytes (spaces and tabs, one byte each) lie between the last token and the end of
 * the file. hclwrite keeps exactly these, because the end-of-file token is never reformatted.
 */
function trailingBlankBytes(text: string, last: Token | undefined, eof: Token | undefined): number {
  const lastEnd = last ? last.range.end.byte : 0;
  const fileEnd = eof ? eof.range.start.byte : Buffer.byteLength(text, 'utf8');
  return Math.max(0, fileEnd - lastEnd);
}

export interface FormatResult {
  /** The formatted source; absent when the input has syntax errors. */
  readonly output?: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * Formats only syntactically valid input, as `packer fmt` does: the source is parsed first and any
 * error diagnostics are returned instead of output.
 */
export function formatHCLChecked(src: string, filename = '<stdin>'): FormatResult {
  // One scan serves both the syntax check and the layout. A second byte order mark is an invalid
  // character, as in hclsyntax (the scanner skips only one).
  const tokens = scanTokens(src, filename);
  const { diagnostics } = parseConfigTokens(tokens);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { output: formatTokens(src, tokens), diagnostics };
}
