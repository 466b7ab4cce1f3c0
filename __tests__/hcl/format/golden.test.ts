import { formatHCL } from '../../../src/hcl/format/format';
import { fmtFixtureNames, readFmtFixture } from '../../support/fixtures';

// Expected outputs come from the real `packer fmt` (see test-env/fmt-golden/generate.sh).
const names = fmtFixtureNames();
const read = readFmtFixture;

describe('formatHCL golden files', () => {
  it('has a broad corpus', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
  });

  it.each(names)('%s matches packer fmt byte for byte', (name) => {
    expect(formatHCL(read(name, 'in'), `${name}.pkr.hcl`)).toBe(read(name, 'out'));
  });

  it.each(names)('%s is idempotent', (name) => {
    const once = formatHCL(read(name, 'in'));
    expect(formatHCL(once)).toBe(once);
  });

  it.each(names)('%s: expected output is already formatted', (name) => {
    const out = read(name, 'out');
    expect(formatHCL(out)).toBe(out);
  });
});
