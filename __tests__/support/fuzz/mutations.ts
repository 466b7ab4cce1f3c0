import fc from 'fast-check';

/**
 * Random edits of valid source text, for fuzz tests that mutate templates: delete a run of
 * characters, insert a fragment, duplicate a run, or swap two characters. Positions are free
 * naturals taken modulo the text's length when applied, so an edit fits any text.
 */

export type TextMutation =
  | { readonly kind: 'delete'; readonly at: number; readonly len: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'duplicate'; readonly at: number; readonly len: number }
  | { readonly kind: 'swap'; readonly at: number; readonly other: number };

export interface TextMutationOptions {
  /** What an insertion inserts (fragments of the syntax under test, random strings...). */
  readonly insert: fc.Arbitrary<string>;
  /** Longest run deleted. */
  readonly maxDelete: number;
  /** Longest run duplicated. */
  readonly maxDuplicate: number;
  /** Whether two characters may swap places too. */
  readonly swap?: boolean;
}

/**
 * One random edit. The arbitraries are built in a fixed order (delete, insert, duplicate, then swap),
 * so a seeded property keeps generating the same edits.
 */
export function textMutation(opts: TextMutationOptions): fc.Arbitrary<TextMutation> {
  const kinds: fc.Arbitrary<TextMutation>[] = [
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: opts.maxDelete }),
    }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: opts.insert }),
    fc.record({
      kind: fc.constant('duplicate' as const),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: opts.maxDuplicate }),
    }),
  ];
  if (opts.swap) kinds.push(fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }));
  return fc.oneof(...kinds);
}

/** Applies one edit. */
export function applyMutation(src: string, m: TextMutation): string {
  const at = src.length === 0 ? 0 : m.at % (src.length + 1);
  switch (m.kind) {
    case 'delete':
      return src.slice(0, at) + src.slice(at + m.len);
    case 'insert':
      return src.slice(0, at) + m.text + src.slice(at);
    case 'duplicate':
      return src.slice(0, at) + src.slice(at, at + m.len) + src.slice(at);
    case 'swap': {
      if (src.length < 2) return src;
      const a = m.at % src.length;
      const b = m.other % src.length;
      const [lo, hi] = a < b ? [a, b] : [b, a];
      return src.slice(0, lo) + src[hi] + src.slice(lo + 1, hi) + src[lo] + src.slice(hi + 1);
    }
  }
}

/** Applies edits in order, each to the result of the one before. */
export function applyMutations(src: string, muts: readonly TextMutation[]): string {
  return muts.reduce(applyMutation, src);
}
