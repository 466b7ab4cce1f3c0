/**
 * The child-process side of the remote functions. HCL functions are synchronous but HTTP clients
 * are not, so remote.ts runs this script with spawnSync and waits. The script text is constant:
 * the request arrives as JSON on stdin and the reply leaves as one JSON line on stdout, so no
 * user value is ever interpolated into code.
 *
 * Request: { kind: 'consul' | 'vault' | 'aws', timeoutMs, sdkPath?, ...kind-specific fields }
 * Reply:   { ok: true, value } | { ok: false, error }
 */
export const WORKER_SCRIPT = String.raw`
'use strict';
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  run(req).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => process.stdout.write(JSON.stringify({ ok: false, error: String((e && e.message) || e) }) + '\n'),
  );
});

function reason(e) {
  const c = e && e.cause;
  if (c && c.code === 'ECONNREFUSED') return 'connect: connection refused';
  if (e && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'request timed out';
  return String((c && (c.message || c.code)) || (e && e.message) || e);
}

async function get(url, headers, timeoutMs) {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { failure: 'Get "' + url + '": ' + reason(e) };
  }
}

async function run(req) {
  if (req.kind === 'consul') {
    const headers = req.token ? { 'X-Consul-Token': req.token } : {};
    const url = req.base + '/v1/kv/' + req.key.split('/').map(encodeURIComponent).join('/');
    const r = await get(url, headers, req.timeoutMs);
    if (r.failure) return { ok: false, error: 'error reading consul key: ' + r.failure };
    if (r.status === 404) return { ok: true, value: null };
    if (r.status !== 200) {
      return { ok: false, error: 'error reading consul key: Unexpected response code: ' + r.status + ' (' + r.body + ')' };
    }
    const entries = JSON.parse(r.body);
    if (!Array.isArray(entries) || entries.length === 0) return { ok: true, value: null };
    const v = entries[0].Value;
    return { ok: true, value: v == null ? '' : Buffer.from(v, 'base64').toString('utf8') };
  }
  if (req.kind === 'vault') {
    const headers = { 'X-Vault-Token': req.token };
    if (req.namespace) headers['X-Vault-Namespace'] = req.namespace;
    const url = req.base + '/v1/' + req.path.replace(/^\/+/, '');
    const r = await get(url, headers, req.timeoutMs);
    if (r.failure) return { ok: false, error: 'Error reading vault secret: ' + r.failure };
    if (r.status === 404) return { ok: true, value: null };
    if (r.status < 200 || r.status > 299) {
      let errs = [];
      try { errs = JSON.parse(r.body).errors || []; } catch (e) { errs = [r.body]; }
      return {
        ok: false,
        error: 'Error reading vault secret: Error making API request.\n\nURL: GET ' + url + '\nCode: ' + r.status +
          '. Errors:\n\n' + errs.map((x) => '* ' + x).join('\n'),
      };
    }
    return { ok: true, value: JSON.parse(r.body) };
  }
  if (req.kind === 'aws') {
    const sdk = require(req.sdkPath);
    const config = { maxAttempts: 2 };
    if (req.endpoint) config.endpoint = req.endpoint;
    const { NodeHttpHandler } = safeRequire(req.httpHandlerPath) || {};
    if (NodeHttpHandler) {
      config.requestHandler = new NodeHttpHandler({ connectionTimeout: req.timeoutMs, requestTimeout: req.timeoutMs });
    }
    const client = new sdk.SecretsManagerClient(config);
    try {
      const out = await client.send(new sdk.GetSecretValueCommand({ SecretId: req.name, VersionStage: 'AWSCURRENT' }));
      return { ok: true, value: { name: out.Name, secretString: out.SecretString } };
    } catch (e) {
      const name = e && e.name && e.name !== 'Error' ? e.name + ': ' : '';
      return { ok: false, error: 'operation error Secrets Manager: GetSecretValue, ' + name + reason(e) };
    }
  }
  return { ok: false, error: 'unknown request kind' };
}

function safeRequire(p) {
  try { return p ? require(p) : undefined; } catch (e) { return undefined; }
}
`;
