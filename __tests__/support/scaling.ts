/**
 * A complexity check that does not depend on how fast the machine is: how much longer one run on
 * eight times the input takes than eight runs on the input, i.e. the slowdown per byte as the
 * input grows eightfold. Linear work gives about 1, quadratic about 8, so tests assert
 * GROWTH_BOUND, between the two.
 *
 * Why eight runs against one rather than one against one: both sides then allocate the same amount,
 * so the garbage collector's work — which depends on the whole test process's heap, not on the
 * input, and kicks in only past some allocation — lands on both. Comparing a single small run with
 * a single large one made linear code look 3–10× superlinear under a loaded full test run, since
 * only the large run paid for the major collections of the Jest worker's heap.
 *
 * Each side takes the best of a few timings (after a warm-up) to shrug off noise from other
 * processes; absolute timing goals live in bench/, not in unit tests.
 */

/** How much larger the large input is than the small one. */
const FACTOR = 8;

/** Comfortably above linear (1) and well below quadratic (FACTOR = 8). */
export const GROWTH_BOUND = 3;

export function growthRatio(chunk: string, copies: number, run: (src: string) => void): number {
  const small = chunk.repeat(copies);
  const large = chunk.repeat(copies * FACTOR);
  const smalls = (): void => {
    for (let i = 0; i < FACTOR; i++) run(small);
  };
  // Warm up on both sizes first, so that neither is measured before the JIT has optimised the code.
  run(large);
  smalls();
  // A burst of load from another process can inflate one measurement; superlinear work inflates
  // all of them, so the smallest of up to eight ratios is what the bound is checked against (a
  // full parallel test run with Docker builds beside it can starve this process for seconds).
  let ratio = Infinity;
  for (let attempt = 0; attempt < 8 && ratio > GROWTH_BOUND / 2; attempt++) {
    ratio = Math.min(ratio, best(() => run(large)) / best(smalls));
  }
  return ratio;
}

function best(fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0));
  }
  return Math.max(min, 1);
}
