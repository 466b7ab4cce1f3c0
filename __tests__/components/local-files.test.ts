import * as path from 'node:path';
import { goStat } from '../../src/components/local-files';
import { tempDir, writeFiles } from '../support/temp';

describe('goStat', () => {
  const dir = writeFiles(tempDir('kiln-local-files-'), { 'file.txt': 'x' });

  test('an existing file or directory gives its stats', () => {
    const file = goStat(path.join(dir, 'file.txt'));
    expect(typeof file).not.toBe('string');
    expect(typeof file !== 'string' && file.isFile()).toBe(true);
    const d = goStat(dir);
    expect(typeof d !== 'string' && d.isDirectory()).toBe(true);
  });

  test("errors read as Go's *PathError prints them", () => {
    const missing = path.join(dir, 'missing.sh');
    expect(goStat(missing)).toBe(`stat ${missing}: no such file or directory`);
    const under = path.join(dir, 'file.txt', 'x');
    expect(goStat(under)).toBe(`stat ${under}: not a directory`);
    expect(goStat('')).toBe('stat : no such file or directory');
    expect(goStat('a\0b')).toBe('stat a\0b: invalid argument');
  });
});
