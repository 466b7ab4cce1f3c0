import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Test files clean up after themselves: run with a system temp directory of their own, they leave it
 * as empty as they found it (Jest's own cache directory apart). The engine tests once left ~15 empty
 * kiln-engine-* directories per run.
 */

const root = path.join(__dirname, '..', '..');
const FILES = ['__tests__/engine/run.test.ts'];

describe('temporary files of test files', () => {
  it.each(FILES)(
    '%s leaves nothing in the temp directory',
    (file) => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-tmp-check-'));
      const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-jest-cache-'));
      try {
        const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
        const r = spawnSync(
          process.execPath,
          [jest, file, '--ci', '--maxWorkers=1', `--cacheDirectory=${cache}`],
          {
            cwd: root,
            env: { ...process.env, TMPDIR: tmp },
            encoding: 'utf8',
            timeout: 120_000,
          },
        );
        expect({ status: r.status, tail: r.status === 0 ? '' : r.stderr.slice(-2000) }).toEqual({
          status: 0,
          tail: '',
        });
        expect(fs.readdirSync(tmp)).toEqual([]);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
        fs.rmSync(cache, { recursive: true, force: true });
      }
    },
    150_000,
  );
});
