import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { lazyBundleNodeArgs } from '../../../../src/lazy-bundles';

const root = path.resolve(__dirname, '..', '..', '..', '..');

describe('remote worker (source tree)', () => {
  it('answers an unknown request kind with an error reply on stdout', () => {
    const r = spawnSync(process.execPath, [...(lazyBundleNodeArgs('remote-worker') ?? [])], {
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
