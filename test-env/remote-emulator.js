#!/usr/bin/env node
/**
 * A tiny stand-in for the services behind Kiln's remote functions, for tests:
 *
 *   node test-env/remote-emulator.js      prints the port it listens on (127.0.0.1), then serves
 *
 * - Consul KV: GET /v1/kv/<key> (keys app/db, empty, private needing X-Consul-Token: ctoken).
 * - Vault: GET /v1/<path> with X-Vault-Token: vtoken (KV v2 secret/data/app, KV v1 kv1/app).
 * - AWS Secrets Manager, JSON 1.1 protocol as the real service speaks it: POST / with
 *   `x-amz-target: secretsmanager.GetSecretValue`, a SigV4 Authorization header (checked for shape,
 *   not signature), replies with ARN, Name, SecretString, VersionId, VersionStages, CreatedDate.
 *   The secret "whoami" answers with the region and access key id the client signed with.
 * - Anything named "hang" (consul key, secret id) is never answered, to test timeouts.
 *
 * Tests run it as a separate process: the remote functions block their caller's event loop.
 */
'use strict';
const http = require('node:http');

const b64 = (s) => Buffer.from(s).toString('base64');
const secrets = {
  plain: 'hunter2',
  json: '{"user":"u","port":5432}',
  single: '{"only":"one"}',
  list: '[1]',
};
const consulKeys = { 'app/db': 's3cret', empty: null };

function send(res, status, body, type) {
  res.writeHead(status, { 'content-type': type || 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function secretsManager(req, res, body) {
  const awsJson = 'application/x-amz-json-1.1';
  const fail = (type, message) => send(res, 400, { __type: type, Message: message }, awsJson);
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/secretsmanager\/aws4_request, /.exec(
    req.headers.authorization || '',
  );
  if (!auth) return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (req.method !== 'POST' || req.headers['content-type'] !== awsJson)
    return fail('SerializationException', 'Unexpected request shape');
  if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue')
    return fail('UnknownOperationException', 'Unknown operation');
  const { SecretId, VersionStage } = JSON.parse(body);
  if (SecretId === 'hang') return undefined;
  const [, accessKeyId, region] = auth;
  const value =
    SecretId === 'whoami'
      ? JSON.stringify({ region, accessKeyId })
      : VersionStage === 'AWSCURRENT' && secrets[SecretId];
  if (typeof value !== 'string')
    return fail('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return send(
    res,
    200,
    {
      ARN: `arn:aws:secretsmanager:${region}:123456789012:secret:${SecretId}-a1B2c3`,
      Name: SecretId,
      SecretString: value,
      VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1700000000.123,
    },
    awsJson,
  );
}

function consul(req, res, url) {
  const key = decodeURIComponent(url.slice('/v1/kv/'.length));
  if (key === 'hang') return undefined;
  if (key === 'private') {
    if (req.headers['x-consul-token'] !== 'ctoken') return send(res, 403, 'Permission denied', 'text/plain');
    return send(res, 200, [{ Key: key, Value: b64('tokened') }]);
  }
  if (!(key in consulKeys)) return send(res, 404, '', 'text/plain');
  const v = consulKeys[key];
  return send(res, 200, [{ Key: key, Value: v === null ? null : b64(v) }]);
}

function vault(req, res, url) {
  if (req.headers['x-vault-token'] !== 'vtoken') return send(res, 403, { errors: ['permission denied'] });
  if (url === '/v1/secret/data/app')
    return send(res, 200, { data: { data: { password: 'p2' }, metadata: { version: 1 } } });
  if (url === '/v1/kv1/app') return send(res, 200, { data: { password: 'p1' } });
  return send(res, 404, { errors: [] });
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const url = req.url || '/';
    if (req.headers['x-amz-target'] !== undefined) return secretsManager(req, res, body);
    if (url.startsWith('/v1/kv/')) return consul(req, res, url);
    if (url.startsWith('/v1/')) return vault(req, res, url);
    return send(res, 404, 'not found', 'text/plain');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
// When started with a pipe for stdin (as the tests do), stop when it closes: a test runner that
// dies must not leave the emulator behind.
if (require('node:fs').fstatSync(0).isFIFO()) {
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}
