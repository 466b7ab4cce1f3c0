import { graphemeCount, isSimpleText } from './columns';
import { bracketChange, NIL_TOKEN, spaceAfter, type SpacingToken } from './spacing';

/** What layout needs of a token: its type and exact text. */
export type LayoutToken = SpacingToken;

/**
 * The token-level layout engine behind `kiln fmt`. It reproduces hclwrite.Format (what `packer fmt`
 * runs): the tokens are cut into lines, each line into up to three cells (lead, `= value`, trailing
 * comment), and then only the number of spaces before each token is recomputed in three passes:
 * indentation, spacing inside a line, and vertical alignment of the `=` and comment cells.
 * Token text is never touched, so comments, string literals and heredoc bodies survive verbatim.
 */

interface Line {
  readonly start: number;
  /** Exclusive end of the line's tokens (the newline-bearing token is included). */
  readonly end: number;
  /** Index of the `=` starting the assign cell, or -1. */
  readonly assignAt: number;
  /** Index of the trailing single-line comment cell, or -1. */
  readonly commentAt: number;
}

function leadEnd(line: Line): number {
  if (line.assignAt >= 0) return line.assignAt;
  if (line.commentAt >= 0) return line.commentAt;
  return line.end;
}

function assignEnd(line: Line): number {
  return line.commentAt >= 0 ? line.commentAt : line.end;
}

/** `#` and `//` comments swallow the newline that ends them, so they end a line too. */
function endsLine(tok: LayoutToken): boolean {
  return tok.type === 'Newline' || (tok.type === 'Comment' && tok.text.endsWith('\n'));
}

function makeLine(toks: readonly LayoutToken[], depth: Int8Array, start: number, end: number): Line {
  let commentAt = -1;
  if (end - start > 1 && toks[end - 1].type === 'Comment') commentAt = end - 1;
  const limit = commentAt >= 0 ? commentAt : end;
  let assignAt = -1;
  for (let i = start + 1; i < limit; i++) {
    if (toks[i].type !== 'Equal') continue;
    // Only a complete expression after `=` forms an alignable cell; an opening bracket left
    // unclosed means the value continues on later lines.
    let net = 0;
    for (let j = i; j < limit; j++) net += depth[j];
    if (net === 0) assignAt = i;
    break;
  }
  return { start, end, assignAt, commentAt };
}

function splitLines(toks: readonly LayoutToken[], depth: Int8Array): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < toks.length; i++) {
    if (endsLine(toks[i])) {
      lines.push(makeLine(toks, depth, start, i + 1));
      start = i + 1;
    }
  }
  lines.push(makeLine(toks, depth, start, toks.length));
  return lines;
}

/**
 * Indentation follows the net bracket count of each line, remembered on a stack so that lines
 * closing several levels at once (or unbalanced input) dedent by whole remembered steps.
 */
function indentLines(
  toks: readonly LayoutToken[],
  depth: Int8Array,
  lines: readonly Line[],
  spaces: Int32Array,
): void {
  const stack: number[] = [];
  for (const line of lines) {
    const lEnd = leadEnd(line);
    if (lEnd === line.start) continue;
    if (toks[line.start].type === 'Newline') {
      spaces[line.start] = 0;
      continue;
    }
    let net = 0;
    for (let i = line.start; i < lEnd; i++) {
      net += depth[i];
      // Brackets inside a heredoc's template do not shape the surrounding layout.
      if (toks[i].type === 'OHeredoc') break;
    }
    if (line.assignAt >= 0) {
      const aEnd = assignEnd(line);
      for (let i = line.assignAt; i < aEnd; i++) net += depth[i];
    }
    if (net > 0) {
      spaces[line.start] = 2 * stack.length;
      stack.push(net);
      continue;
    }
    let closed = -net;
    while (closed > 0 && stack.length > 0) {
      const top = stack[stack.length - 1];
      if (closed >= top) {
        closed -= top;
        stack.pop();
      } else {
        stack[stack.length - 1] = top - closed;
        closed = 0;
      }
    }
    spaces[line.start] = 2 * stack.length;
  }
}

function spaceRun(toks: readonly LayoutToken[], from: number, to: number, spaces: Int32Array): void {
  for (let i = from; i < to - 1; i++) {
    const before: SpacingToken = i > from ? toks[i - 1] : NIL_TOKEN;
    spaces[i + 1] = spaceAfter(toks[i], before, toks[i + 1]) ? 1 : 0;
  }
}

function spaceLines(toks: readonly LayoutToken[], lines: readonly Line[], spaces: Int32Array): void {
  for (const line of lines) {
    spaceRun(toks, line.start, leadEnd(line), spaces);
    if (line.assignAt >= 0) {
      spaces[line.assignAt] = 1;
      spaceRun(toks, line.assignAt, assignEnd(line), spaces);
    }
  }
}

function columns(
  toks: readonly LayoutToken[],
  spaces: Int32Array,
  from: number,
  to: number,
  simple: boolean,
): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const text = toks[i].text;
    n += spaces[i] + (simple ? text.length : graphemeCount(text));
  }
  return n;
}

/**
 * Aligns a cell across runs of consecutive lines that all have it: `cellAt` gives the cell's first
 * token (or -1), `width` the columns taken before it.
 */
function alignCells(
  lines: readonly Line[],
  spaces: Int32Array,
  cellAt: (line: Line) => number,
  width: (line: Line) => number,
): void {
  let i = 0;
  while (i < lines.length) {
    if (cellAt(lines[i]) < 0) {
      i++;
      continue;
    }
    let j = i;
    let widest = 0;
    const widths: number[] = [];
    while (j < lines.length && cellAt(lines[j]) >= 0) {
      const w = width(lines[j]);
      widths.push(w);
      if (w > widest) widest = w;
      j++;
    }
    for (let k = i; k < j; k++) spaces[cellAt(lines[k])] = widest - widths[k - i] + 1;
    i = j;
  }
}

/** `simple`: every token's text is plain ASCII, so its width is its length. */
function alignLines(
  toks: readonly LayoutToken[],
  lines: readonly Line[],
  spaces: Int32Array,
  simple: boolean,
): void {
  // The `=` cells move first because their position feeds into the comment column.
  alignCells(
    lines,
    spaces,
    (l) => l.assignAt,
    (l) => columns(toks, spaces, l.start, l.assignAt, simple),
  );
  alignCells(
    lines,
    spaces,
    (l) => l.commentAt,
    (l) => columns(toks, spaces, l.start, l.commentAt, simple),
  );
}

/**
 * Lays out a token stream as hclwrite.Format would. `eofSpaces` is the number of spaces and tabs the
 * source had after its last token: hclwrite never touches the end-of-file token, so a file that ends
 * without a newline keeps its trailing blanks.
 */
export function layoutTokens(toks: readonly LayoutToken[], eofSpaces: number, original = ''): string {
  // Each token's bracket change, computed once: several passes need it.
  const depth = new Int8Array(toks.length);
  for (let i = 0; i < toks.length; i++) depth[i] = bracketChange(toks[i].type);
  const lines = splitLines(toks, depth);
  const spaces = new Int32Array(toks.length);
  indentLines(toks, depth, lines, spaces);
  spaceLines(toks, lines, spaces);
  // The tokens' texts are pieces of the source, so a plain ASCII source means plain ASCII tokens.
  alignLines(toks, lines, spaces, original.length > 0 && isSimpleText(original));
  return render(toks, spaces, eofSpaces, original);
}

/**
 * Joins the tokens with their computed spaces. Most files given to `fmt` are already formatted, so
 * the output is first compared with `original` as it is produced; while they agree nothing is
 * built, and when they agree to the end `original` itself is the result.
 */
function render(
  toks: readonly LayoutToken[],
  spaces: Int32Array,
  eofSpaces: number,
  original: string,
): string {
  let at = 0;
  let i = 0;
  for (; i < toks.length; i++) {
    const n = spaces[i];
    if (!blanksAt(original, at, n)) break;
    const text = toks[i].text;
    if (!original.startsWith(text, at + n)) break;
    at += n + text.length;
  }
  if (i === toks.length && at + eofSpaces === original.length && blanksAt(original, at, eofSpaces)) {
    return original;
  }
  const pieces: string[] = [original.slice(0, at)];
  for (; i < toks.length; i++) {
    if (spaces[i] > 0) pieces.push(blanks(spaces[i]));
    pieces.push(toks[i].text);
  }
  pieces.push(blanks(eofSpaces));
  return pieces.join('');
}

/** Whether `s` has `n` spaces starting at index `at`. */
function blanksAt(s: string, at: number, n: number): boolean {
  if (at + n > s.length) return false;
  for (let k = at; k < at + n; k++) if (s.charCodeAt(k) !== 0x20) return false;
  return true;
}

const BLANKS: string[] = [];

function blanks(n: number): string {
  if (n >= 64) return ' '.repeat(n);
  return (BLANKS[n] ??= ' '.repeat(n));
}
