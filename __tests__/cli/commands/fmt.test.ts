import * as fs from 'fs';
import * as path from 'path';

import { runFmt } from '../../../src/cli/commands/fmt';
import { captureIO } from '../../support/kiln';
import { tempDir } from '../../support/temp';

const MESSY = 'a=1\nbb = "x"\n';
const TIDY = 'a  = 1\nbb = "x"\n';

let dir: string;
beforeEach(() => {
  dir = tempDir('kiln-fmt-');
});

function put(rel: string, text: string): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

describe('kiln fmt', () => {
  it('prints usage and exits 1 without a path, as packer fmt does', async () => {
    put('a.pkr.hcl', MESSY);
    const c = captureIO(dir);
    expect(await runFmt([], c.io)).toBe(1);
    expect(c.out()).toContain('Usage: kiln fmt');
    expect(fs.readFileSync(path.join(dir, 'a.pkr.hcl'), 'utf8')).toBe(MESSY);
  });

  it('rewrites changed files in the current directory and prints their names', async () => {
    put('a.pkr.hcl', MESSY);
    put('b.pkrvars.hcl', TIDY);
    put('c.json', MESSY);
    put('.hidden.pkr.hcl', MESSY);
    put('d.pkr.hcl~', MESSY);
    const c = captureIO(dir);
    expect(await runFmt(['.'], c.io)).toBe(0);
    expect(c.out()).toBe('a.pkr.hcl\n');
    expect(fs.readFileSync(path.join(dir, 'a.pkr.hcl'), 'utf8')).toBe(TIDY);
    expect(fs.readFileSync(path.join(dir, 'c.json'), 'utf8')).toBe(MESSY);
    expect(fs.readFileSync(path.join(dir, '.hidden.pkr.hcl'), 'utf8')).toBe(MESSY);
    expect(fs.readFileSync(path.join(dir, 'd.pkr.hcl~'), 'utf8')).toBe(MESSY);
  });

  it('-check lists files that would change, writes nothing and exits 3', async () => {
    put('a.pkr.hcl', MESSY);
    const c = captureIO(dir);
    expect(await runFmt(['-check', '.'], c.io)).toBe(3);
    expect(c.out()).toBe('a.pkr.hcl\n');
    expect(fs.readFileSync(path.join(dir, 'a.pkr.hcl'), 'utf8')).toBe(MESSY);
  });

  it('-check exits 0 when everything is formatted', async () => {
    put('a.pkr.hcl', TIDY);
    const c = captureIO(dir);
    expect(await runFmt(['-check', '.'], c.io)).toBe(0);
    expect(c.out()).toBe('');
  });

  it('-write=false leaves files alone but still names them', async () => {
    put('a.pkr.hcl', MESSY);
    const c = captureIO(dir);
    expect(await runFmt(['-write=false', 'a.pkr.hcl'], c.io)).toBe(0);
    expect(c.out()).toBe('a.pkr.hcl\n');
    expect(fs.readFileSync(path.join(dir, 'a.pkr.hcl'), 'utf8')).toBe(MESSY);
  });

  it('-diff prints a unified diff like packer fmt -diff', async () => {
    put('t.pkr.hcl', MESSY);
    const c = captureIO(dir);
    expect(await runFmt(['-diff', '-write=false', 't.pkr.hcl'], c.io)).toBe(0);
    // Captured from packer 1.6.6: `packer fmt -diff -write=false t.pkr.hcl`.
    expect(c.out()).toBe(
      't.pkr.hcl\n--- old/t.pkr.hcl\n+++ new/t.pkr.hcl\n@@ -1,2 +1,2 @@\n-a=1\n+a  = 1\n bb = "x"\n',
    );
  });

  it('only descends into subdirectories with -recursive', async () => {
    put('top.pkr.hcl', MESSY);
    put('sub/inner.pkr.hcl', MESSY);
    put('sub/deeper/x.pkrvars.hcl', MESSY);
    const flat = captureIO(dir);
    expect(await runFmt(['-check', '.'], flat.io)).toBe(3);
    expect(flat.out()).toBe('top.pkr.hcl\n');
    const deep = captureIO(dir);
    expect(await runFmt(['-check', '-recursive', '.'], deep.io)).toBe(3);
    expect(deep.out()).toBe(
      ['sub/deeper/x.pkrvars.hcl', 'sub/inner.pkr.hcl', 'top.pkr.hcl'].map((s) => `${s}\n`).join(''),
    );
  });

  it('names files under a directory argument with that directory', async () => {
    put('tpl/a.pkr.hcl', MESSY);
    const c = captureIO(dir);
    expect(await runFmt(['tpl'], c.io)).toBe(0);
    expect(c.out()).toBe(`${path.join('tpl', 'a.pkr.hcl')}\n`);
  });

  it('formats standard input to standard output', async () => {
    const c = captureIO(dir, { stdin: MESSY });
    expect(await runFmt(['-'], c.io)).toBe(0);
    expect(c.out()).toBe(TIDY);
  });

  it('echoes already formatted standard input', async () => {
    const c = captureIO(dir, { stdin: TIDY });
    expect(await runFmt(['-'], c.io)).toBe(0);
    expect(c.out()).toBe(TIDY);
  });

  it('-check on standard input prints nothing and exits 3 when it would change', async () => {
    const c = captureIO(dir, { stdin: MESSY });
    expect(await runFmt(['-check', '-'], c.io)).toBe(3);
    expect(c.out()).toBe('');
  });

  it('refuses files that are not Packer HCL', async () => {
    put('x.json', '{}');
    const c = captureIO(dir);
    expect(await runFmt(['x.json'], c.io)).toBe(1);
    expect(c.err()).toContain('Error: encountered an error while formatting x.json');
    expect(c.err()).toContain('file x.json is not a HCL file');
  });

  it('reports a missing file with Go wording', async () => {
    const c = captureIO(dir);
    expect(await runFmt(['nope.pkr.hcl'], c.io)).toBe(1);
    expect(c.err()).toContain('failed to open nope.pkr.hcl: open nope.pkr.hcl: no such file or directory');
  });

  it('rejects unknown flags with exit 1 and usage', async () => {
    const c = captureIO(dir);
    expect(await runFmt(['-bogus'], c.io)).toBe(1);
    expect(c.err()).toContain('flag provided but not defined: -bogus');
    expect(c.out()).toContain('Usage: kiln fmt');
  });

  it('prints its usage for -h', async () => {
    const c = captureIO(dir);
    expect(await runFmt(['-h'], c.io)).toBe(0);
    expect(c.out()).toContain('-recursive');
  });
});

describe('kiln fmt on syntax errors', () => {
  it('refuses to format a file that does not parse, leaving it untouched', async () => {
    put('bad.pkr.hcl', 'x = {\n');
    put('good.pkr.hcl', MESSY);
    const c = captureIO(dir);
    expect(await runFmt(['.'], c.io)).toBe(1);
    expect(c.err()).toContain('Error: encountered an error while formatting bad.pkr.hcl');
    expect(c.err()).toContain('1 error occurred:');
    expect(c.err()).toContain('bad.pkr.hcl:');
    expect(fs.readFileSync(path.join(dir, 'bad.pkr.hcl'), 'utf8')).toBe('x = {\n');
    // Other files are still processed, as Packer does.
    expect(c.out()).toBe('good.pkr.hcl\n');
    expect(fs.readFileSync(path.join(dir, 'good.pkr.hcl'), 'utf8')).toBe(TIDY);
  });

  it('errors win over -check', async () => {
    const c = captureIO(dir, { stdin: 'a = "unterminated\n' });
    expect(await runFmt(['-check', '-'], c.io)).toBe(1);
  });
});

describe('kiln fmt -diff', () => {
  it('shows the diff of each changed file after its name, for files on disk only', async () => {
    put('a.pkr.hcl', 'x {\ny=1\n}\n');
    const c = captureIO(dir);
    expect(await runFmt(['-diff', '-check', '.'], c.io)).toBe(3);
    expect(c.out()).toBe(
      'a.pkr.hcl\n--- old/a.pkr.hcl\n+++ new/a.pkr.hcl\n@@ -1,3 +1,3 @@\n x {\n-y=1\n+  y = 1\n }\n',
    );
    const s = captureIO(dir, { stdin: 'y=1\n' });
    expect(await runFmt(['-diff', '-'], s.io)).toBe(0);
    expect(s.out()).toBe('y = 1\n');
  });
});

describe('kiln fmt on bad encodings', () => {
  it('leaves files that are not UTF-8 untouched and fails', async () => {
    const bytes = Buffer.from([0x61, 0x3d, 0x22, 0xff, 0x22, 0x0a]);
    fs.writeFileSync(path.join(dir, 'latin1.pkr.hcl'), bytes);
    const c = captureIO(dir);
    expect(await runFmt(['latin1.pkr.hcl'], c.io)).toBe(1);
    expect(c.err()).toContain('Invalid character encoding');
    expect(fs.readFileSync(path.join(dir, 'latin1.pkr.hcl')).equals(bytes)).toBe(true);
  });
});
