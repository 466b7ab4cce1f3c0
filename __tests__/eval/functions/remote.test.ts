import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { StringType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { callError, caller, str } from './family-harness';

/**
 * The remote functions block the event loop while their child process talks to the service, so
 * the emulated Consul/Vault/Secrets Manager endpoint must live in another process.
 */
const SERVER = String.raw`
const http = require('node:http');
const b64 = (s) => Buffer.from(s).toString('base64');
const secrets = { plain: 'hunter2', json: '{"user":"u","port":5432}', single: '{"only":"one"}', list: '[1]' };
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const send = (status, obj, type) => {
      res.writeHead(status, { 'content-type': type || 'application/json' });
      res.end(typeof obj === 'string' ? obj : JSON.stringify(obj));
    };
    const url = req.url;
    if (req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
      const { SecretId, VersionStage } = JSON.parse(body);
      if (VersionStage !== 'AWSCURRENT' || !(SecretId in secrets)) {
        return send(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }, 'application/x-amz-json-1.1');
      }
      return send(200, { Name: SecretId, SecretString: secrets[SecretId] }, 'application/x-amz-json-1.1');
    }
    if (url.startsWith('/v1/kv/')) {
      const key = decodeURIComponent(url.slice('/v1/kv/'.length));
      if (key === 'app/db') return send(200, [{ Key: key, Value: b64('s3cret') }]);
      if (key === 'empty') return send(200, [{ Key: key, Value: null }]);
      if (key === 'private') {
        if (req.headers['x-consul-token'] !== 'ctoken') return send(403, 'Permission denied', 'text/plain');
        return send(200, [{ Key: key, Value: b64('tokened') }]);
      }
      return send(404, '', 'text/plain');
    }
    if (url.startsWith('/v1/')) {
      if (req.headers['x-vault-token'] !== 'vtoken') return send(403, { errors: ['permission denied'] });
      if (url === '/v1/secret/data/app') return send(200, { data: { data: { password: 'p2' }, metadata: { version: 1 } } });
      if (url === '/v1/kv1/app') return send(200, { data: { password: 'p1' } });
      return send(404, { errors: [] });
    }
    send(404, 'not found', 'text/plain');
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\n'); });
`;

let server: ChildProcess;
let base = '';
let closedPort = 0;

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    server.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  base = `http://127.0.0.1:${port}`;
  // A port that was just free: nothing listens there, so connections are refused.
  closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
});
afterAll(() => {
  server.kill();
});

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
    const dead = caller({ env: env({ CONSUL_HTTP_ADDR: `127.0.0.1:${closedPort}` }) });
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
});
