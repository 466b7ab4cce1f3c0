import * as fs from 'fs';
import * as path from 'path';

import { formatHCL } from '../../../src/hcl/format/format';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'fmt');
const corpus = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.in.pkr.hcl'))
  .sort()
  .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

describe('formatHCL performance', () => {
  it('formats a 300 KB file well under 100 ms', () => {
    let big = '';
    let i = 0;
    while (big.length < 300_000) big += corpus[i++ % corpus.length].replace(/^\ufeff/, '');
    // The machine is shared, so take the best of a few runs (the first also warms up the JIT).
    let best = Infinity;
    for (let run = 0; run < 6; run++) {
      const t0 = process.hrtime.bigint();
      formatHCL(big);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    }
    expect(best).toBeLessThan(100);
  });
});
