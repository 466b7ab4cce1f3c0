import type { Diagnostic } from './diagnostics';
import type { Range } from './pos';

/**
 * Renders diagnostics the way current Packer prints them (HCL's text writer, 80 columns), plus a line
 * of carets under the culprit so the problem is visible without colour:
 *
 *   Error: Unsupported argument
 *
 *     on template.pkr.hcl line 3, in source "null" "x":
 *      3:   foo = "bar"
 *           ^^^
 *
 *   An argument named "foo" is not expected here.
 */

export interface SourceFile {
  readonly src: string;
  /** The innermost top-level block header containing a byte offset, e.g. `source "null" "x"`. */
  readonly contextAt?: (byte: number) => string | undefined;
}

export interface RenderOptions {
  /** Wrap details at this width (Packer uses 80); 0 disables wrapping. */
  readonly width?: number;
  /** Use ANSI colours and underline instead of a caret line. */
  readonly color?: boolean;
}

const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const UNDERLINE = '\x1b[4m';
const RESET = '\x1b[0m';

export function renderDiagnostics(
  diags: readonly Diagnostic[],
  files: ReadonlyMap<string, SourceFile>,
  opts: RenderOptions = {},
): string {
  return diags.map((d) => renderDiagnostic(d, files, opts)).join('');
}

export function renderDiagnostic(
  diag: Diagnostic,
  files: ReadonlyMap<string, SourceFile>,
  opts: RenderOptions = {},
): string {
  const width = opts.width ?? 80;
  const color = opts.color ?? false;
  const label = diag.severity === 'error' ? 'Error' : 'Warning';
  let out = color
    ? `${diag.severity === 'error' ? RED : YELLOW}${BOLD}${label}${RESET}${BOLD}: ${diag.summary}${RESET}\n\n`
    : `${label}: ${diag.summary}\n\n`;
  if (diag.subject) out += renderSnippet(diag.subject, diag.context, files.get(diag.subject.filename), color);
  if (diag.detail) out += `${width > 0 ? wrapText(diag.detail, width) : diag.detail}\n\n`;
  return out;
}

function renderSnippet(
  subject: Range,
  context: Range | undefined,
  file: SourceFile | undefined,
  color: boolean,
): string {
  if (!file) return `  on ${subject.filename} line ${subject.start.line}:\n  (source code not available)\n\n`;
  const where = file.contextAt?.(subject.start.byte);
  let out = `  on ${subject.filename} line ${subject.start.line}${where ? `, in ${where}` : ''}:\n`;
  const snipStart = context && context.start.byte < subject.start.byte ? context.start : subject.start;
  const snipEnd = context && context.end.byte > subject.end.byte ? context.end : subject.end;
  const lines = linesOverlapping(file.src, snipStart.byte, snipEnd.byte);
  for (const line of lines) {
    const prefix = `${String(line.number).padStart(4)}: `;
    // Highlight the part of this line that lies inside the subject range. An empty subject (a
    // "missing item" position) gets a single caret where the item was expected.
    const empty = subject.start.byte === subject.end.byte;
    const hStart = Math.max(subject.start.byte, line.startByte);
    const hEnd = Math.min(subject.end.byte, line.endByte);
    const onLine = empty
      ? hStart === subject.start.byte && subject.start.byte <= line.endByte
      : hEnd > hStart;
    if (!onLine) {
      out += `${prefix}${line.text}\n`;
      continue;
    }
    const before = sliceBytes(line.text, 0, hStart - line.startByte);
    const highlighted = sliceBytes(line.text, hStart - line.startByte, hEnd - line.startByte);
    const after = sliceBytes(line.text, hEnd - line.startByte, line.endByte - line.startByte);
    if (color) {
      out += `${prefix}${before}${UNDERLINE}${highlighted}${RESET}${after}\n`;
    } else {
      out += `${prefix}${before}${highlighted}${after}\n`;
      const pad = ' '.repeat(prefix.length) + before.replace(/[^\t]/gu, ' ');
      out += `${pad}${'^'.repeat(Math.max(1, [...highlighted].length))}\n`;
    }
  }
  return `${out}\n`;
}

interface SourceLine {
  readonly number: number;
  readonly text: string;
  readonly startByte: number;
  /** Byte offset of the end of the line's text (before the newline). */
  readonly endByte: number;
}

/**
 * Where each line of a source starts, in bytes and in string offsets: built once per source text,
 * so that a template with thousands of diagnostics is not scanned from its first line for each.
 */
interface LineIndex {
  /** Byte offset of each line's first byte. */
  readonly bytes: readonly number[];
  /** String offset of each line's first character. */
  readonly chars: readonly number[];
}

const lineIndexes = new Map<string, LineIndex>();

function lineIndexOf(src: string): LineIndex {
  const known = lineIndexes.get(src);
  if (known) return known;
  const bytes: number[] = [];
  const chars: number[] = [];
  let byte = 0;
  let i = 0;
  for (;;) {
    bytes.push(byte);
    chars.push(i);
    const j = src.indexOf('\n', i);
    if (j < 0) break;
    byte += Buffer.byteLength(src.slice(i, j + 1), 'utf8');
    i = j + 1;
  }
  // One entry: the sources of one run's diagnostics (a few files), not every string ever rendered.
  if (lineIndexes.size >= 16) lineIndexes.clear();
  const index = { bytes, chars };
  lineIndexes.set(src, index);
  return index;
}

function linesOverlapping(src: string, startByte: number, endByte: number): SourceLine[] {
  const { bytes, chars } = lineIndexOf(src);
  // The last line starting at or before startByte: lines before it cannot overlap.
  let lo = 0;
  let hi = bytes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bytes[mid] <= startByte) lo = mid;
    else hi = mid - 1;
  }
  const result: SourceLine[] = [];
  for (let k = Math.max(0, lo - 1); k < bytes.length; k++) {
    const byte = bytes[k];
    if (byte > endByte) break;
    const from = chars[k];
    const next = k + 1 < chars.length ? chars[k + 1] : src.length + 1;
    let text = src.slice(from, next - 1);
    if (k + 1 >= chars.length) text = src.slice(from);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const lineEnd = byte + Buffer.byteLength(text, 'utf8');
    const fullLen = (k + 1 < bytes.length ? bytes[k + 1] : lineEnd) - byte;
    const overlaps =
      startByte === endByte
        ? startByte >= byte && startByte <= lineEnd
        : startByte < byte + fullLen && endByte > byte;
    if (overlaps) result.push({ number: k + 1, text, startByte: byte, endByte: lineEnd });
  }
  return result;
}

/** Slices a string by UTF-8 byte offsets, clamped to the string. */
function sliceBytes(text: string, from: number, to: number): string {
  const buf = Buffer.from(text, 'utf8');
  const a = Math.max(0, Math.min(from, buf.length));
  const b = Math.max(a, Math.min(to, buf.length));
  return buf.subarray(a, b).toString('utf8');
}

/**
 * mitchellh/go-wordwrap's WrapString, which hcl's text writer applies to a whole detail: greedy at
 * white space, existing line breaks kept, and spaces kept as written unless a break replaces them
 * (so an indented example block stays indented). Lengths count code points, as Go ranges runes.
 */
export function wrapText(text: string, width: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let spaces = '';
  let spacesLen = 0;
  const flush = (): void => {
    current += spacesLen + wordLen;
    out += spaces + word;
    spaces = '';
    spacesLen = 0;
    word = '';
    wordLen = 0;
  };
  for (const ch of text) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spacesLen <= width) out += spaces;
        spaces = '';
        spacesLen = 0;
      } else {
        flush();
      }
      out += ch;
      current = 0;
    } else if (/\s/u.test(ch) && ch !== '\u00a0') {
      if (spacesLen === 0 || wordLen > 0) flush();
      spaces += ch;
      spacesLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spacesLen + wordLen > width && wordLen < width) {
        out += '\n';
        current = 0;
        spaces = '';
        spacesLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spacesLen <= width) out += spaces;
  } else {
    out += spaces + word;
  }
  return out;
}

export interface DiagnosticJSON {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly range?: {
    readonly filename: string;
    readonly start: { readonly line: number; readonly column: number; readonly byte: number };
    readonly end: { readonly line: number; readonly column: number; readonly byte: number };
  };
}

/**
 * The structured form (for `-machine-readable`, JSON output and GitHub annotations). `range` is the
 * subject, or the context when a diagnostic has only that (e.g. "Unset variable", which Packer ties
 * to the declaration without underlining it): tools placing annotations need a position either way.
 */
export function diagnosticsToJSON(diags: readonly Diagnostic[]): DiagnosticJSON[] {
  return diags.map((d) => {
    const r = d.subject ?? d.context;
    return {
      severity: d.severity,
      summary: d.summary,
      detail: d.detail,
      ...(r ? { range: { filename: r.filename, start: { ...r.start }, end: { ...r.end } } } : {}),
    };
  });
}
