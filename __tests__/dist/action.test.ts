/**
 * Runs the committed action bundle (dist/index.js) the way the GitHub runner does: inputs in
 * INPUT_* variables, outputs appended to the file named by GITHUB_OUTPUT.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const bundle = path.join(root, 'dist', 'index.js');

function runAction(inputs: Record<string, string>, cwd: string) {
  const outputFile = path.join(cwd, 'github-output.txt');
  fs.writeFileSync(outputFile, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: outputFile };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [bundle], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, outputs: fs.readFileSync(outputFile, 'utf8') };
}

describe('dist/index.js (the action)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-action-'));
    fs.mkdirSync(path.join(dir, 'packer'));
    fs.writeFileSync(path.join(dir, 'packer', 'a.pkr.hcl'), 'locals {\n  a = 1\n    bb = 2\n}\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails a fmt-check on an unformatted template, shows the diff and sets exit-code 3', () => {
    const r = runAction({ command: 'fmt', template: 'packer', 'fmt-check': 'true' }, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::Some files are not formatted canonically');
    expect(r.stdout).toContain('+  a  = 1');
    expect(r.outputs).toMatch(/exit-code<<ghadelimiter_[\w-]+\n3\n/);
    // -check never writes.
    expect(fs.readFileSync(path.join(dir, 'packer', 'a.pkr.hcl'), 'utf8')).toContain('    bb = 2');
  });

  it('formats in place without fmt-check, after which fmt-check passes', () => {
    expect(runAction({ command: 'fmt', 'working-directory': 'packer', 'fmt-check': 'false' }, dir).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'packer', 'a.pkr.hcl'), 'utf8')).toBe('locals {\n  a  = 1\n  bb = 2\n}\n');
    const r = runAction({ command: 'fmt', template: 'packer', 'fmt-check': 'true' }, dir);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatch(/exit-code<<ghadelimiter_[\w-]+\n0\n/);
  });

  it('rejects an unknown command input clearly', () => {
    const r = runAction({ command: 'bake', 'fmt-check': 'false' }, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::Input "command" must be one of build, validate, fmt, inspect; got "bake".');
  });
});
