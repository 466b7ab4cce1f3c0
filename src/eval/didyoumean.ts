/**
 * "Did you mean" suggestions: the first candidate within edit distance 2 of the given name, as HCL
 * does. Candidates are considered in the order given (callers pass them sorted, so that the
 * suggestion is deterministic where Go's map iteration would not be).
 */
export function nameSuggestion(given: string, candidates: readonly string[]): string | undefined {
  for (const c of candidates) if (levenshtein(given, c) < 3) return c;
  return undefined;
}

/** Levenshtein distance over Unicode code points. */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[t.length];
}

