/**
 * The npm package as users get it: `npm pack` from this clone, `npm install -g` of the tarball into an
 * empty prefix, then the installed `kiln` command (no clone, no node_modules of ours) building the
 * quick start. Runs the committed dist/ (`npm test` rebuilds it first).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describeWithDocker } from '../support/services';

const root = path.resolve(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackedFile {
  readonly path: string;
}

let work: string;
let tarball: string;
let packed: string[];
let prefix: string;
let installed: ReturnType<typeof spawnSync>;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    // A cache of its own, so that the install below cannot be satisfied by anything but the tarball.
    env: { ...process.env, npm_config_cache: path.join(work, 'npm-cache'), ...env },
  });
}

function kiln(args: string[], cwd: string) {
  return spawnSync(path.join(prefix, 'bin', 'kiln'), args, { cwd, encoding: 'utf8', timeout: 120_000 });
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-package-'));
  const pack = run(npm, ['pack', '--json', '--pack-destination', work], root);
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: PackedFile[] }];
  tarball = path.join(work, info.filename);
  packed = info.files.map((f) => f.path).sort();
  prefix = path.join(work, 'prefix');
  installed = run(npm, ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], work);
}, 180_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds only what runs: dist/, the licence, the README and package.json', () => {
    const outside = packed.filter(
      (f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'package.json'].includes(f),
    );
    expect(outside).toEqual([]);
    expect(packed).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/cli/index.js', 'dist/ssh2/index.js']),
    );
    // Native addons would be built for the packing machine only; ssh2 runs without them.
    expect(packed.filter((f) => f.endsWith('.node'))).toEqual([]);
  });

  it('has a bin, nothing to build or download at install time', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(prefix, 'lib', 'node_modules', 'kiln', 'package.json'), 'utf8')) as {
      bin?: Record<string, string>;
      scripts?: Record<string, string>;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    expect(manifest.bin).toEqual({ kiln: 'dist/cli/index.js' });
    const installTime = ['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => manifest.scripts?.[s]);
    expect(installTime).toEqual([]);
    // dist/ bundles everything it loads: a runtime dependency would be downloaded (and maybe compiled)
    // on every user's machine for nothing.
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
  });

  it('installs offline from the tarball alone, without warnings, as a `kiln` command', () => {
    expect({ status: installed.status, stderr: installed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(fs.existsSync(path.join(prefix, 'lib', 'node_modules', 'kiln', 'node_modules'))).toBe(false);
    const v = kiln(['version'], work);
    expect({ status: v.status, stdout: v.stdout }).toEqual({
      status: 0,
      stdout: expect.stringMatching(/^Kiln v\d+\.\d+\.\d+ \(compatible with Packer v/),
    });
  });

  it('runs the template commands from their own bundle', () => {
    const example = path.join(root, 'examples', 'quickstart');
    expect(kiln(['validate', example], work)).toMatchObject({ status: 0, stdout: 'The configuration is valid.\n' });
    expect(kiln(['fmt', '-check', example], work).status).toBe(0);
  });
});

describeWithDocker('the installed kiln command', 'kiln-test/busybox:latest', () => {
  const app = `package-test-${process.pid}`;
  afterAll(() => spawnSync('docker', ['rmi', '-f', `kiln-quickstart/${app}:latest`]));

  it('builds the quick start', () => {
    const example = path.join(work, 'quickstart');
    fs.cpSync(path.join(root, 'examples', 'quickstart'), example, { recursive: true });
    const r = kiln(
      ['build', '-color=false', '-var', 'base_image=kiln-test/busybox:latest', '-var', `app_name=${app}`, '.'],
      example,
    );
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain(`--> quickstart.docker.base: Imported Docker image: kiln-quickstart/${app}:latest`);
    const greeting = spawnSync('docker', ['run', '--rm', `kiln-quickstart/${app}:latest`], { encoding: 'utf8' });
    expect(greeting.stdout).toBe('Hello from Kiln (base on docker)\n');
  });
});
