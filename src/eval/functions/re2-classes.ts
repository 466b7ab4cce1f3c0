/**
 * Character-class data for the RE2 translator (./re2.ts): RE2's ASCII Perl and POSIX classes,
 * Unicode class names, and case folding. Ranges are inclusive code-point pairs.
 */

export type Ranges = [number, number][];

// RE2's Perl classes are ASCII-only, unlike JavaScript's \s in Unicode mode.
export const PERL_CLASSES: Record<string, [number, number][]> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};

export const POSIX_CLASSES: Record<string, [number, number][]> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: PERL_CLASSES.w,
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

// Case-fold partners that toUpperCase/toLowerCase alone do not reveal (RE2 folds these too).
const EXTRA_FOLDS: Record<number, number[]> = {
  0x6b: [0x212a],
  0x4b: [0x212a],
  0x212a: [0x6b, 0x4b],
  0x73: [0x17f],
  0x53: [0x17f],
  0x17f: [0x73, 0x53],
  0xe5: [0x212b],
  0xc5: [0x212b],
  0x212b: [0xe5, 0xc5],
};

export function complement(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

export function caseVariants(cp: number): number[] {
  const out = new Set<number>([cp]);
  const ch = String.fromCodePoint(cp);
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    const cps = [...v];
    if (cps.length === 1) out.add(cps[0].codePointAt(0) as number);
  }
  for (const e of EXTRA_FOLDS[cp] ?? []) out.add(e);
  return [...out];
}

/** Maps a Go Unicode class name (category or script) to JavaScript's \p{...} spelling. */
export function unicodeProperty(name: string): string | undefined {
  if (name === 'Any') return 'Any';
  if (GENERAL_CATEGORIES.has(name)) return name;
  if (!/^[A-Za-z_]+$/.test(name)) return undefined;
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return `Script=${name}`;
  } catch {
    return undefined;
  }
}
