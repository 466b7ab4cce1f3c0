/**
 * test-env/corpus-check.sh against the built CLI: it finds HCL2 directories and legacy JSON
 * templates (and nothing else), runs fmt -check, validate -syntax-only and validate on each, and
 * prints the verdict table. `npm test` rebuilds dist/ first.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const script = path.join(root, 'test-env', 'corpus-check.sh');

const NULL_BUILD = 'source "null" "a" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.a"]\n}\n';

describe('test-env/corpus-check.sh', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-corpus-'));
    const write = (name: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    };
    write('good/main.pkr.hcl', NULL_BUILD);
    write('unformatted/main.pkr.hcl', NULL_BUILD.replace('communicator = "none"', 'communicator="none"'));
    write('broken/main.pkr.hcl', NULL_BUILD.replace('"source.null.a"', '"source.null.missing"'));
    write('legacy/template.json', JSON.stringify({ builders: [{ type: 'null', communicator: 'none' }] }));
    write('legacy/package.json', JSON.stringify({ name: 'not-a-template' }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints a verdict per template and totals, and fails when any command failed', () => {
    const r = spawnSync('bash', [script, dir], {
      encoding: 'utf8',
      env: { ...process.env, KILN: `${process.execPath} ${path.join(root, 'dist', 'cli', 'index.js')}` },
    });
    const rows = r.stdout
      .split('\n')
      .filter((l) => l.startsWith(dir))
      .map((l) => l.slice(dir.length + 1).trim().split(/\s+/));
    expect(rows).toEqual([
      ['broken', 'ok', 'ok', 'FAIL(1)'],
      ['good', 'ok', 'ok', 'ok'],
      ['unformatted', 'FAIL(3)', 'ok', 'ok'],
      ['legacy/template.json', '-', 'ok', 'ok'],
    ]);
    expect(r.stdout).toContain('templates: 4   fmt: 2/3 ok   syntax: 4/4 ok   validate: 3/4 ok');
    expect(r.status).toBe(1);
  });

  it('exits 0 when everything passes, and 2 without a directory', () => {
    const r = spawnSync('bash', [script, path.join(dir, 'good')], {
      encoding: 'utf8',
      env: { ...process.env, KILN: `${process.execPath} ${path.join(root, 'dist', 'cli', 'index.js')}` },
    });
    expect(r.status).toBe(0);
    expect(spawnSync('bash', [script], { encoding: 'utf8' }).status).toBe(2);
  });
});
