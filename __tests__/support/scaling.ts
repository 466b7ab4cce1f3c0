/**
 * A complexity check that does not depend on how fast the machine is: how much longer `run` takes
 * on eight times the input. Linear work gives about 8 (a little more as the garbage collector
 * promotes more), quadratic about 64, so tests assert GROWTH_BOUND, far from both. Each size takes the best of a few runs (after a warm-up) to
 * shrug off noise from other processes; absolute timing goals live in bench/, not in unit tests.
 */
/** Comfortably above linear growth (8) and far below quadratic (64). */
export const GROWTH_BOUND = 24;

export function growthRatio(chunk: string, copies: number, run: (src: string) => void): number {
  const small = chunk.repeat(copies);
  const large = chunk.repeat(copies * 8);
  // Warm up on both sizes first, so that neither is measured before the JIT has optimised the code.
  run(large);
  run(small);
  run(small);
  // A burst of load from another process can inflate one measurement; quadratic work inflates all
  // of them, so the smallest of up to eight ratios is what the bound is checked against (a full
  // parallel test run with Docker builds beside it can starve this process for seconds).
  let ratio = Infinity;
  for (let attempt = 0; attempt < 8 && ratio > 12; attempt++) {
    ratio = Math.min(ratio, best(() => run(large)) / best(() => run(small)));
  }
  return ratio;
}

function best(fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0));
  }
  return Math.max(min, 1);
}
