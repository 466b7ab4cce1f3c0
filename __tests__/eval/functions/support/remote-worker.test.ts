import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateWorker } from '../../../../src/eval/functions/support/remote-worker';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const supportDir = path.join(root, 'src', 'eval', 'functions', 'support');

describe('locateWorker', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-locate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the worker bundle from the action bundle (dist/) and the CLI bundle (dist/cli/)', () => {
    const worker = path.join(dir, 'dist', 'remote-worker', 'index.js');
    fs.mkdirSync(path.dirname(worker), { recursive: true });
    fs.mkdirSync(path.join(dir, 'dist', 'cli'));
    fs.writeFileSync(worker, '');
    expect(locateWorker(path.join(dir, 'dist'))).toEqual({ args: [worker] });
    expect(locateWorker(path.join(dir, 'dist', 'cli'))).toEqual({ args: [worker] });
  });

  it('prefers compiled sources next to the module, and reports a missing worker as undefined', () => {
    expect(locateWorker(dir)).toBeUndefined();
    const compiled = path.join(dir, 'remote-worker-main.js');
    fs.writeFileSync(compiled, '');
    fs.mkdirSync(path.join(dir, 'remote-worker'));
    fs.writeFileSync(path.join(dir, 'remote-worker', 'index.js'), '');
    expect(locateWorker(dir)).toEqual({ args: [compiled] });
  });

  it('runs the TypeScript sources through scripts/run-ts.js in the source tree', () => {
    expect(locateWorker(supportDir)).toEqual({
      args: [
        '--require',
        path.join(root, 'scripts', 'run-ts.js'),
        path.join(supportDir, 'remote-worker-main.ts'),
      ],
    });
  });
});

describe('remote worker (source tree)', () => {
  it('answers an unknown request kind with an error reply on stdout', () => {
    const cmd = locateWorker(supportDir);
    const r = spawnSync(process.execPath, [...(cmd?.args ?? [])], {
      input: JSON.stringify({ kind: 'ftp', timeoutMs: 1000 }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: 'unknown remote request kind "ftp"' });
  });

  it('loads no AWS SDK code with the function table: only the worker does', () => {
    // A fresh Node process, because Jest's module registry does not show what Node itself loaded.
    const probe = [
      "require('./src/eval/functions/all');",
      "const { packerFunctions } = require('./src/eval/functions/index');",
      "if (!packerFunctions({ baseDir: '.' }).has('aws_secretsmanager')) throw new Error('no table');",
      'const sdk = () => Object.keys(require.cache).filter((f) => /[\\\\/]@(aws-sdk|smithy)[\\\\/]/.test(f));',
      'const atLoad = sdk();',
      // The control: the same probe does see the SDK once something loads it.
      "require('@aws-sdk/client-secrets-manager');",
      'process.stdout.write(JSON.stringify({ atLoad, afterRequire: sdk().length > 0 }));',
    ].join('\n');
    const r = spawnSync(
      process.execPath,
      ['--require', path.join(root, 'scripts', 'run-ts.js'), '-e', probe],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ atLoad: [], afterRequire: true });
  });
});
