/**
 * Go's string order (sort.Strings, sorted map keys): byte-wise UTF-8, which is the same as code
 * point order. JavaScript's `<` compares UTF-16 code units, which puts astral characters before
 * U+E000–U+FFFF; this does not.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}
