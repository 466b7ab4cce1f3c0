import * as fs from 'fs';
import * as path from 'path';
import { formatHCL } from '../../../src/hcl/format/format';

// Expected outputs come from the real `packer fmt` (see test-env/fmt-golden/generate.sh).
const dir = path.join(__dirname, '..', '..', 'fixtures', 'fmt');
const names = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.in.pkr.hcl'))
  .map((f) => f.slice(0, -'.in.pkr.hcl'.length))
  .sort();

function read(name: string, kind: 'in' | 'out'): string {
  return fs.readFileSync(path.join(dir, `${name}.${kind}.pkr.hcl`), 'utf8');
}

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
