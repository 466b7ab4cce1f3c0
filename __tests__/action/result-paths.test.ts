import * as fs from 'fs';
import * as path from 'path';

import { expandResultPaths } from '../../src/action/result-paths';
import { tempDir } from '../support/temp';

describe("expandResultPaths (the merge command's result-files input)", () => {
  it('keeps plain paths and expands *, ? and ** patterns, each path once, sorted', () => {
    const dir = tempDir('kiln-result-paths-');
    for (const f of [
      'r/a/kiln-result-1.json',
      'r/b/kiln-result-2.json',
      'r/b/other.txt',
      'r/kiln-result-0.json',
    ]) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '{}');
    }
    expect(expandResultPaths(['r', 'missing.json'], dir)).toEqual(['r', 'missing.json']);
    expect(expandResultPaths(['r/*/kiln-result-?.json'], dir)).toEqual([
      'r/a/kiln-result-1.json',
      'r/b/kiln-result-2.json',
    ]);
    expect(expandResultPaths(['r/**/*.json', 'r/a/*.json'], dir)).toEqual([
      'r/kiln-result-0.json',
      'r/a/kiln-result-1.json',
      'r/b/kiln-result-2.json',
    ]);
    expect(expandResultPaths(['nothing/*.json'], dir)).toEqual([]);
  });
});
