import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REQUEST_TIMEOUT_MS } from '../../../src/eval/functions/support/remote-worker';
import { StringType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { callError, caller, str } from './family-harness';
import { closedPort, type RemoteEmulator, startRemoteEmulator } from './remote-emulator';

let emulator: RemoteEmulator;
let base = '';
let deadPort = 0;

beforeAll(async () => {
  emulator = await startRemoteEmulator();
  base = emulator.base;
  deadPort = await closedPort();
});
afterAll(() => emulator.stop());

const env = (extra: Record<string, string>): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  ...extra,
});

describe('consul_key', () => {
  it('reads values, sending the token', () => {
    const call = caller({
      env: env({ CONSUL_HTTP_ADDR: base.replace('http://', ''), CONSUL_HTTP_TOKEN: 'ctoken' }),
    });
    expect(call('consul_key', str('app/db')).asString()).toBe('s3cret');
    expect(call('consul_key', str('private')).asString()).toBe('tokened');
    expect(callError(() => call('consul_key', str('missing')))).toBe(
      'key does not exist at the given path: missing',
    );
    expect(callError(() => call('consul_key', str('empty')))).toBe('value is empty at path empty');
  });
  it('reports HTTP errors and unreachable agents quickly', () => {
    const call = caller({ env: env({ CONSUL_HTTP_ADDR: base }) });
    expect(callError(() => call('consul_key', str('private')))).toBe(
      'error reading consul key: Unexpected response code: 403 (Permission denied)',
    );
    const dead = caller({ env: env({ CONSUL_HTTP_ADDR: `127.0.0.1:${deadPort}` }) });
    const started = Date.now();
    expect(callError(() => dead('consul_key', str('x')))).toMatch(
      /^error reading consul key: Get ".*": connect: connection refused$/,
    );
    expect(Date.now() - started).toBeLessThan(9000);
  });
});

describe('vault', () => {
  it('reads KV v2 and v1 secrets', () => {
    const call = caller({ env: env({ VAULT_ADDR: base, VAULT_TOKEN: 'vtoken' }) });
    expect(call('vault', str('secret/data/app'), str('password')).asString()).toBe('p2');
    expect(call('vault', str('/kv1/app'), str('password')).asString()).toBe('p1');
    expect(callError(() => call('vault', str('secret/data/app'), str('nope')))).toBe(
      'Vault path does not contain the requested key',
    );
    expect(callError(() => call('vault', str('kv1/app'), str('nope')))).toMatch(
      /^Vault data was empty at the given path/,
    );
    expect(callError(() => call('vault', str('secret/data/none'), str('k')))).toBe(
      'Vault Secret does not exist at the given path',
    );
  });
  it('reports missing tokens and API errors', () => {
    expect(callError(() => caller({ env: env({ VAULT_ADDR: base }) })('vault', str('a'), str('b')))).toBe(
      'Must set VAULT_TOKEN env var in order to use vault template function',
    );
    const bad = caller({ env: env({ VAULT_ADDR: base, VAULT_TOKEN: 'wrong' }) });
    expect(callError(() => bad('vault', str('secret/data/app'), str('password')))).toMatch(
      /^Error reading vault secret: Error making API request\.\n\nURL: GET .*\/v1\/secret\/data\/app\nCode: 403\. Errors:\n\n\* permission denied$/,
    );
  });
});

describe('aws_secretsmanager', () => {
  const awsEnv = (): Record<string, string> =>
    env({
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: base,
    });
  it('reads plain and JSON secrets through the AWS SDK', () => {
    const call = caller({ env: awsEnv() });
    expect(call('aws_secretsmanager', str('plain'), Value.nullOf(StringType)).asString()).toBe('hunter2');
    expect(call('aws_secretsmanager', str('json'), str('user')).asString()).toBe('u');
    expect(call('aws_secretsmanager', str('json'), str('port')).asString()).toBe('5432');
    expect(call('aws_secretsmanager', str('single'), Value.nullOf(StringType)).asString()).toBe('one');
    expect(call('aws_secretsmanager_raw', str('json')).asString()).toBe('{"user":"u","port":5432}');
  });
  it('reports Packer errors', () => {
    const call = caller({ env: awsEnv() });
    expect(callError(() => call('aws_secretsmanager', str('json'), Value.nullOf(StringType)))).toBe(
      'Secret has multiple values and no key was set',
    );
    expect(callError(() => call('aws_secretsmanager', str('json'), str('x')))).toBe(
      'No secret found for key "x"',
    );
    expect(callError(() => call('aws_secretsmanager', str(''), str('x')))).toBe(
      'At least one secret name must be provided',
    );
    expect(callError(() => call('aws_secretsmanager_raw', str('missing')))).toMatch(
      /^operation error Secrets Manager: GetSecretValue, ResourceNotFoundException: Secrets Manager can't find the specified secret\.$/,
    );
    expect(callError(() => call('aws_secretsmanager', str('list'), str('x')))).toBe(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });
  it('uses the default credential chain, the region variables and the generic endpoint variable', () => {
    const whoami = (extra: Record<string, string>): unknown => {
      const call = caller({
        env: env({ AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', ...extra }),
      });
      return JSON.parse(call('aws_secretsmanager_raw', str('whoami')).asString());
    };
    const keys = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 's' };
    expect(whoami({ ...keys, AWS_DEFAULT_REGION: 'eu-west-3', AWS_ENDPOINT_URL: base })).toEqual({
      region: 'eu-west-3',
      accessKeyId: 'AKIDENV',
    });
    expect(
      whoami({ ...keys, AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'eu-west-3', AWS_ENDPOINT_URL: base }),
    ).toEqual({ region: 'ap-south-1', accessKeyId: 'AKIDENV' });
    // The service-specific endpoint wins over the generic one.
    expect(
      whoami({
        ...keys,
        AWS_REGION: 'us-east-2',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${deadPort}`,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: base,
      }),
    ).toEqual({ region: 'us-east-2', accessKeyId: 'AKIDENV' });
    // No keys in the environment: the chain goes on to the shared credentials file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-aws-'));
    try {
      const credentials = path.join(dir, 'credentials');
      fs.writeFileSync(credentials, '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n');
      expect(
        whoami({ AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_REGION: 'us-west-1', AWS_ENDPOINT_URL: base }),
      ).toEqual({ region: 'us-west-1', accessKeyId: 'AKIDFILE' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('fails within seconds when the endpoint is unreachable or silent', () => {
    const unreachable = caller({
      env: { ...awsEnv(), AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${deadPort}` },
    });
    let started = Date.now();
    expect(callError(() => unreachable('aws_secretsmanager_raw', str('plain')))).toBe(
      `operation error Secrets Manager: GetSecretValue, request send failed, Post "http://127.0.0.1:${deadPort}/": connect: connection refused`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const call = caller({ env: awsEnv() });
    started = Date.now();
    expect(callError(() => call('aws_secretsmanager_raw', str('hang')))).toMatch(
      /^operation error Secrets Manager: GetSecretValue, .*request timed out$/,
    );
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
  });
  it('reports a missing region as the SDK does', () => {
    const call = caller({
      env: env({
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 'b',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_ENDPOINT_URL: base,
      }),
    });
    expect(callError(() => call('aws_secretsmanager_raw', str('plain')))).toBe(
      'operation error Secrets Manager: GetSecretValue, Region is missing',
    );
  });
});
