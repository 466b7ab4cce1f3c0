import { discoverTemplate } from '../../src/template/files';
import { tempTemplate } from '../support/temp';

describe('discoverTemplate', () => {
  const dir = tempTemplate({
    'b.pkr.hcl': '',
    'a.pkr.hcl': '',
    'a.pkr.json': '{}',
    'z.auto.pkrvars.json': '{}',
    'y.auto.pkrvars.hcl': '',
    'x.pkrvars.hcl': '',
    'notes.txt': '',
    'sub/c.pkr.hcl': '',
  });

  it('lists a directory: HCL files sorted, then JSON files; auto var files likewise; not recursive', () => {
    const t = discoverTemplate('.', dir);
    expect(t.diagnostics).toEqual([]);
    expect(t.root).toBe('.');
    expect(t.configFiles).toEqual(['a.pkr.hcl', 'b.pkr.hcl', 'a.pkr.json']);
    expect(t.autoVarFiles).toEqual(['y.auto.pkrvars.hcl', 'z.auto.pkrvars.json']);
  });

  it('joins names to the directory as written, keeping it as path.root', () => {
    const t = discoverTemplate('sub/', dir);
    expect(t.root).toBe('sub/');
    expect(t.configFiles).toEqual(['sub/c.pkr.hcl']);
  });

  it('takes a single file, rooted at its directory, without auto var files', () => {
    const t = discoverTemplate('sub/c.pkr.hcl', dir);
    expect(t).toEqual({ root: 'sub', configFiles: ['sub/c.pkr.hcl'], autoVarFiles: [], diagnostics: [] });
    expect(discoverTemplate('b.pkr.hcl', dir).root).toBe('.');
  });

  it("reports a missing path with Go's stat error", () => {
    const t = discoverTemplate('missing', dir);
    expect(t.diagnostics.map((d) => d.summary)).toEqual([
      '"missing": stat missing: no such file or directory',
    ]);
  });

  it('reports a directory (or file) without configuration files', () => {
    const empty = tempTemplate({ 'readme.md': '' });
    const t = discoverTemplate('.', empty);
    expect(t.diagnostics).toHaveLength(1);
    expect(t.diagnostics[0].summary).toBe('Could not find any config file in .');
    expect(t.diagnostics[0].detail).toBe(
      'A config file must be suffixed with `.pkr.hcl` or `.pkr.json`. A folder can be referenced.',
    );
    expect(discoverTemplate('notes.txt', dir).diagnostics[0].summary).toBe(
      'Could not find any config file in notes.txt',
    );
  });
});
