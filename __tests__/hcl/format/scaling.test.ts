import { formatHCL } from '../../../src/hcl/format/format';
import { GROWTH_BOUND, growthRatio } from '../../support/scaling';
import { fmtInputs } from '../../support/fixtures';

const corpus = fmtInputs().map((src) => src.replace(/^\ufeff/, ''));

describe('formatHCL scaling', () => {
  it('formats in time linear in the input size', () => {
    // The whole golden corpus as one chunk, so every construct the formatter knows is repeated.
    const chunk = corpus.join('\n');
    expect(chunk.length).toBeGreaterThan(1000);
    const copies = Math.max(1, Math.ceil(50_000 / chunk.length));
    // One run on 8x the input vs 8 runs: about 1 when linear, 8 when quadratic.
    expect(growthRatio(chunk, copies, (src) => formatHCL(src))).toBeLessThan(GROWTH_BOUND);
  });
});
