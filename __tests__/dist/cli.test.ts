/**
 * Runs the committed CLI bundle exactly as users do (`node dist/cli/index.js ...`), so a bundling
 * mistake fails the suite even when the sources are fine. `npm test` rebuilds dist/ first.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LAZY_BUNDLES } from '../../src/lazy-bundles';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');

function kiln(args: string[], input?: string, cwd = root): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, input: input ?? '', encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dist/cli/index.js', () => {
  it('exists, is executable and starts with a node shebang', () => {
    const text = fs.readFileSync(cli, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(fs.statSync(cli).mode & 0o111).not.toBe(0);
  });

  it('keeps the template commands (evaluator, functions, schemas) out of the main bundle, in their own', () => {
    const main = fs.readFileSync(cli, 'utf8');
    const templateBundle = fs.readFileSync(path.join(root, 'dist', 'cli', 'template', 'index.js'), 'utf8');
    for (const marker of ['legacy_strftime', 'ami_block_device_mappings']) {
      expect(main).not.toContain(marker);
      expect(templateBundle).toContain(marker);
    }
  });

  it("takes the components' sweepers from the template bundle, not its own", () => {
    // `kiln sweep` loads them (derived from the catalog) only when a ledger lists something.
    const marker = 'is not a docker name or ID'; // the docker sweepers' check of a ledger entry
    expect(fs.readFileSync(cli, 'utf8')).not.toContain(marker);
    expect(fs.readFileSync(path.join(root, 'dist', 'cli', 'template', 'index.js'), 'utf8')).toContain(marker);
  });

  it('validates and inspects the quickstart example', () => {
    const v = kiln(['validate', 'examples/quickstart']);
    expect(v).toMatchObject({ code: 0, stdout: 'The configuration is valid.\n' });
    const i = kiln(['inspect', 'examples/quickstart']);
    expect(i.code).toBe(0);
    expect(i.stdout).toContain('Packer Inspect: HCL2 mode');
    expect(i.stdout).toContain('      docker.base\n');
  });

  it('reports an invalid template with the culprit underlined and exits 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-dist-validate-'));
    fs.writeFileSync(path.join(dir, 'a.pkr.hcl'), 'source "null" "x" {\n  communicator = "none"\n  foo = 1\n}\nbuild {\n  sources = ["null.x"]\n}\n');
    const r = kiln(['validate', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    // On standard output, as Packer writes its errors.
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Error: Unsupported argument');
    expect(r.stdout).toContain('   3:   foo = 1\n        ^^^\n');
  });

  it('prints its version with the Packer compatibility version', () => {
    const r = kiln(['version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Kiln v\d+\.\d+\.\d+ \(compatible with Packer v\d+\.\d+\.\d+\)\n$/);
  });

  it('prints usage and exits 127 without a command or with an unknown one', () => {
    const none = kiln([]);
    expect(none.code).toBe(127);
    expect(none.stdout).toContain('Usage: kiln');
    const unknown = kiln(['frobnicate']);
    expect(unknown.code).toBe(127);
    expect(unknown.stdout).toContain('unknown command "frobnicate"');
  });

  it('formats a file from a temporary directory (fmt -check exit codes)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-dist-'));
    try {
      const file = path.join(dir, 'a.pkr.hcl');
      fs.writeFileSync(file, 'variable "x" {\ndefault="y"\n  type = string\n}\n');
      const check = kiln(['fmt', '-check', file]);
      expect(check.code).toBe(3);
      expect(check.stdout).toContain('a.pkr.hcl');
      const write = kiln(['fmt', file]);
      expect(write.code).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toBe('variable "x" {\n  default = "y"\n  type    = string\n}\n');
      expect(kiln(['fmt', '-check', file]).code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('evaluates piped console input against the quickstart example', () => {
    const r = kiln(['console', 'examples/quickstart'], 'local.install\nupper("a")\n1 + 2 * 3\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('apt-get install -y curl ca-certificates\nA\n7\n');
  });

  it('reports a console error with the culprit underlined and exits 1', () => {
    const r = kiln(['console', 'examples/quickstart'], 'var.nope\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Error: Unsupported attribute');
    expect(r.stdout).toContain('This object does not have an attribute named "nope".');
    expect(r.stdout).toContain("   1: var.nope\n         ^^^^^\n");
  });

  it('keeps the AWS SDK out of the command bundles: ECR logins load dist/aws-ecr when needed', () => {
    for (const bundle of ['dist/index.js', 'dist/cli/index.js', 'dist/cli/template/index.js'])
      expect(fs.readFileSync(path.join(root, bundle), 'utf8')).not.toContain('GetAuthorizationTokenCommand');
    // Loaded the way the template bundle loads it (two directories up from dist/cli/template).
    const r = spawnSync(
      process.execPath,
      ['-e', `const m = require(${JSON.stringify(path.join(root, 'dist', 'aws-ecr', 'index.js'))}); console.log(typeof m.fetchEcrToken)`],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toBe('function\n');
  });

  it('keeps ssh2 out of the command bundles: the SSH communicator loads dist/ssh2 when it connects', () => {
    for (const bundle of ['dist/index.js', 'dist/cli/index.js', 'dist/cli/template/index.js'])
      expect(fs.readFileSync(path.join(root, bundle), 'utf8')).not.toContain('SSH-2.0-ssh2js');
    const bundle = JSON.stringify(path.join(root, 'dist', 'ssh2', 'index.js'));
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `const { Client, utils } = require(${bundle});
         utils.generateKeyPair('ed25519', (err, keys) => {
           if (err) throw err;
           console.log(typeof Client, keys.public.split(' ')[0]);
         });`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('function ssh-ed25519\n');
  });
  it('ships each lazily loaded bundle, and nothing in dist/ but bundles and their licences', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
        const p = path.join(dir, d.name);
        return d.isDirectory() ? files(p) : [path.relative(path.join(root, 'dist'), p).split(path.sep).join('/')];
      });
    const shipped = files(path.join(root, 'dist'));
    for (const name of Object.keys(LAZY_BUNDLES)) expect(shipped).toContain(`${name}/index.js`);
    // No executables or native addons (ssh2's pagent.exe, *.node) that ncc would copy in.
    expect(shipped.filter((f) => !/(^|\/)(index\.js|licenses\.txt)$/.test(f))).toEqual([]);
  });

  it('compiles the template bundle once: later runs read V8 code from a private cache directory', () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-dist-cache-'));
    try {
      const env = { ...process.env, XDG_CACHE_HOME: xdg };
      const run = () =>
        spawnSync(process.execPath, [cli, 'validate', 'examples/quickstart'], { cwd: root, env, encoding: 'utf8' });
      expect(run()).toMatchObject({ status: 0, stdout: 'The configuration is valid.\n', stderr: '' });
      const cache = path.join(xdg, 'kiln', 'code-cache');
      expect(fs.readdirSync(cache)).toEqual([expect.stringMatching(/^cli-template-[0-9a-f]{32}\.v8$/)]);
      expect(fs.statSync(cache).mode & 0o777).toBe(0o700);
      expect(run()).toMatchObject({ status: 0, stdout: 'The configuration is valid.\n', stderr: '' });
    } finally {
      fs.rmSync(xdg, { recursive: true, force: true });
    }
  });
});
