import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { unifiedDiff } from '../../../src/cli/commands/fmt-diff';
import { fmtFixtureNames, readFmtFixture } from '../../support/fixtures';

// Packer prints the output of `diff --label=old/P --label=new/P -u`; GNU diff is the reference.
function gnuDiff(a: string, b: string, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-diff-'));
  try {
    fs.writeFileSync(path.join(dir, 'a'), a);
    fs.writeFileSync(path.join(dir, 'b'), b);
    try {
      execFileSync('diff', [`--label=old/${name}`, `--label=new/${name}`, '-u', 'a', 'b'], { cwd: dir });
      return '';
    } catch (e) {
      return String((e as { stdout: Buffer }).stdout);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pairs = fmtFixtureNames()
  // Known divergence: GNU diff's divide-and-conquer picks a different (equally short) pairing of the
  // repeated `}` lines here; our Myers diff lists those deletions earlier.
  .filter((n) => n !== '20-real-docker-messy');

describe('unifiedDiff', () => {
  it.each(pairs)('matches GNU diff -u for fixture %s', (name) => {
    const a = readFmtFixture(name, 'in');
    const b = readFmtFixture(name, 'out');
    expect(unifiedDiff(a, b, `${name}.pkr.hcl`)).toBe(gnuDiff(a, b, `${name}.pkr.hcl`));
  });

  it.each([
    [
      'far-apart changes make two hunks',
      'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n',
      'A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\n',
    ],
    ['missing final newline', 'x = 1\ny=2', 'x = 1\ny = 2'],
    ['added final newline', 'x\n', 'x'],
    ['insertions and deletions', '1\n2\n3\n', '0\n1\n3\n4\n'],
    ['from empty', '', 'a\n'],
  ])('matches GNU diff -u: %s', (_label, a, b) => {
    expect(unifiedDiff(a, b, 'f.pkr.hcl')).toBe(gnuDiff(a, b, 'f.pkr.hcl'));
  });

  it('is empty for identical input', () => {
    expect(unifiedDiff('a\n', 'a\n', 'f')).toBe('');
  });
});
