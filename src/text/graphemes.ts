/**
 * User-perceived characters (extended grapheme clusters), which is what cty and hclwrite count as
 * characters. The segmenter loads ICU data, so it is created on first use rather than at start-up,
 * and ASCII-only text (every character its own cluster, CRLF aside) skips it.
 */

const SIMPLE_ASCII = /^[\t\n\x20-\x7e]*$/;

let segmenter: Intl.Segmenter | undefined;

function getSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/** The string's grapheme clusters. */
export function graphemes(s: string): string[] {
  if (SIMPLE_ASCII.test(s)) return s.split('');
  return Array.from(getSegmenter().segment(s), (seg) => seg.segment);
}

/** How many grapheme clusters the string has. */
export function graphemeCount(s: string): number {
  if (SIMPLE_ASCII.test(s)) return s.length;
  let n = 0;
  for (const _ of getSegmenter().segment(s)) n++;
  return n;
}
