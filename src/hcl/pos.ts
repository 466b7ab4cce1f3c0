/**
 * Source positions. Every syntax node carries a Range so that diagnostics can point at the exact
 * culprit. Lines and columns are 1-based (columns count Unicode code points); byte offsets are 0-based
 * offsets into the UTF-8 encoding of the file. A Range's end is exclusive.
 */
export interface Pos {
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

export interface Range {
  readonly filename: string;
  readonly start: Pos;
  readonly end: Pos;
}

export const initialPos: Pos = { line: 1, column: 1, byte: 0 };

export function makeRange(filename: string, start: Pos, end: Pos): Range {
  return { filename, start, end };
}

/** The smallest range covering both a and b (which must be in the same file). */
export function rangeBetween(a: Range, b: Range): Range {
  const start = a.start.byte <= b.start.byte ? a.start : b.start;
  const end = a.end.byte >= b.end.byte ? a.end : b.end;
  return { filename: a.filename, start, end };
}

/** An empty range at the start of r, for "missing item" diagnostics. */
export function rangeStartOf(r: Range): Range {
  return { filename: r.filename, start: r.start, end: r.start };
}

/** An empty range at the end of r. */
export function rangeEndOf(r: Range): Range {
  return { filename: r.filename, start: r.end, end: r.end };
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return (
    outer.filename === inner.filename &&
    outer.start.byte <= inner.start.byte &&
    inner.end.byte <= outer.end.byte
  );
}

export function formatRange(r: Range): string {
  return `${r.filename}:${r.start.line},${r.start.column}-${r.end.line === r.start.line ? '' : `${r.end.line},`}${r.end.column}`;
}
