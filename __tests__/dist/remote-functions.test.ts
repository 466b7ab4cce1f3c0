/**
 * The remote functions from the built bundles, laid out as they ship and with no node_modules
 * anywhere above them: the CLI bundle must find dist/remote-worker/index.js, and that bundle must
 * carry the AWS SDK. `npm test` rebuilds dist/ first.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closedPort, type RemoteEmulator, startRemoteEmulator } from '../eval/functions/remote-emulator';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');

let emulator: RemoteEmulator;
let deadPort = 0;
let dir: string;

beforeAll(async () => {
  emulator = await startRemoteEmulator();
  deadPort = await closedPort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-dist-remote-'));
  for (const part of ['cli', 'remote-worker']) fs.cpSync(path.join(dist, part), path.join(dir, 'dist', part), { recursive: true });
  fs.mkdirSync(path.join(dir, 'template'));
  fs.writeFileSync(
    path.join(dir, 'template', 'secrets.pkr.hcl'),
    [
      'locals {',
      '  db_password = consul_key("app/db")',
      '  db_user     = aws_secretsmanager("json", "user")',
      '  db_config   = aws_secretsmanager_raw("json")',
      '}',
      '',
    ].join('\n'),
  );
});
afterAll(() => {
  emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function kilnConsole(input: string, extraEnv: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(dir, 'dist', 'cli', 'index.js'), 'console', 'template'], {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      CONSUL_HTTP_ADDR: emulator.base.replace('http://', ''),
      ...extraEnv,
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('remote functions from the bundles', () => {
  it('runs where no node_modules can be found', () => {
    expect(() => require.resolve('@aws-sdk/client-secrets-manager', { paths: [path.join(dir, 'dist', 'cli')] })).toThrow();
  });

  it('kiln console evaluates locals that call consul_key, aws_secretsmanager and aws_secretsmanager_raw', () => {
    const r = kilnConsole('local.db_password\nlocal.db_user\nlocal.db_config\n', { AWS_ENDPOINT_URL: emulator.base });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('s3cret\nu\n{"user":"u","port":5432}\n');
    expect(r.code).toBe(0);
  });

  it('reports an unreachable Secrets Manager endpoint quickly', () => {
    const started = Date.now();
    const r = kilnConsole('aws_secretsmanager_raw("json")\n', {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${deadPort}`,
    });
    expect(r.code).toBe(1);
    // Details are word-wrapped as Packer's are.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      `Call to function "aws_secretsmanager_raw" failed: operation error Secrets Manager: GetSecretValue, request send failed, Post "http://127.0.0.1:${deadPort}/": connect: connection refused`,
    );
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('keeps the AWS SDK out of the CLI and action bundles', () => {
    const sdkMarker = 'GetSecretValueCommand';
    expect(fs.readFileSync(path.join(dist, 'remote-worker', 'index.js'), 'utf8')).toContain(sdkMarker);
    expect(fs.readFileSync(path.join(dist, 'cli', 'index.js'), 'utf8')).not.toContain(sdkMarker);
    expect(fs.readFileSync(path.join(dist, 'index.js'), 'utf8')).not.toContain(sdkMarker);
  });
});
