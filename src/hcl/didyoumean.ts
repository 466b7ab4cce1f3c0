/**
 * "Did you mean" suggestions as HCL makes them: the first candidate (in the order given) whose
 * Levenshtein distance from the given name is below 3. Order matters, so callers pass candidates in
 * schema order.
 */
export function nameSuggestion(given: string, candidates: readonly string[]): string | undefined {
  for (const c of candidates) {
    if (levenshtein(given, c) < 3) return c;
  }
  return undefined;
}

/** Edit distance over code points (insert, delete and substitute all cost 1). */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
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
