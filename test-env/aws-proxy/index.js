#!/usr/bin/env node
'use strict';
/**
 * The AWS emulator's reality proxy, for tests only (never in the action bundle): listens on
 * 127.0.0.1 in front of moto, forwards every request unchanged, and adds
 *   - reality (reality.js): EC2 instances are containers in the test env's Docker engine;
 *   - faults: throttling (RequestLimitExceeded, HTTP 503), 5xx, latency, one operation failing on its
 *     Nth call;
 *   - counting: calls per operation.
 *
 *   node test-env/aws-proxy [--moto URL] [--port N] [--default-image IMAGE] [--watch-stdin]
 *
 * prints {"endpoint":"http://127.0.0.1:PORT"} once it listens. --moto defaults to KILN_MOTO_ENDPOINT
 * (test-env/start.sh), the image for AMIs nobody registered (moto's built-in ones) to
 * kiln-test/debian-sshd:bookworm (test-env/debian-sshd-image.sh). SIGTERM/SIGINT, or stdin closing
 * under --watch-stdin (the test that started it died), remove its containers, then it exits.
 *
 * Admin API (JSON), under /kiln-proxy/:
 *   GET    calls             {"total": n, "calls": {"RunInstances": 1, ...}}; DELETE calls resets them
 *   PUT    faults            {"throttle": 0.3, "error5xx": 0.1, "latencyMs": 50, "operations": [...],
 *                             "failOn": {"operation": "CreateImage", "nth": 1, "status": 500,
 *                             "code": "InternalError"}}; DELETE faults clears them. Rates are spread
 *                             evenly and deterministically (0.3 fails calls 4, 7, 10, ...), so a
 *                             retrying client never meets two throttles in a row below 0.5.
 *                             "operations" limits every fault to those operations; calls are
 *                             counted before faults, so a retried call counts each attempt.
 *   POST   images            {"ami": "ami-…", "image": "docker image"}; GET images, instances.
 *                             With "winrm": {"password", "user" (Administrator), "port" (5985,
 *                             5986 with "tls"), "tls", "emptyPasswordCalls" (0)} the AMI is a
 *                             Windows one (reality.js); "image" defaults to kiln-test/busybox.
 *   POST   reset             moto's POST /moto-api/reset, counters, faults, containers, created images
 */
const http = require('node:http');
const { Reality } = require('./reality');

const DEFAULT_IMAGE = 'kiln-test/debian-sshd:bookworm';
// A Windows AMI's container only runs the (static) WinRM test server, mounted in.
const WINDOWS_IMAGE = 'kiln-test/busybox:latest';

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** What a request asks: operation, service and region (from the SigV4 scope), Query parameters. */
function classify(req, body) {
  const url = new URL(req.url, 'http://proxy');
  const params = new URLSearchParams(url.search);
  const type = String(req.headers['content-type'] || '');
  if (type.includes('x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
  }
  const target = req.headers['x-amz-target'];
  const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization || ''));
  const json = typeof target === 'string';
  const operation =
    params.get('Action') || (json ? target.split('.').pop() : `${req.method} ${url.pathname}`);
  return { operation, params, json, region: scope ? scope[1] : 'us-east-1', service: scope ? scope[2] : '' };
}

/** AWS's error shapes: Query/EC2 XML, or the JSON protocol's __type. */
function sendError(res, call, status, code, message) {
  if (call.json) {
    const body = JSON.stringify({ __type: code, message });
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const id = `kiln-proxy-${Date.now().toString(16)}`;
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
    `<RequestID>${id}</RequestID></Response>`;
  res.writeHead(status, {
    'content-type': 'text/xml;charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Whether the nth (0-based) event at `rate` fails, spreading failures evenly: floor steps of n·rate. */
function spread(rate, n) {
  return rate > 0 && Math.floor((n + 1) * rate + 1e-9) > Math.floor(n * rate + 1e-9);
}

function forward(moto, req, body) {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const out = http.request(new URL(req.url, moto), { method: req.method, headers }, (res) => {
      readBody(res).then(
        (data) => resolve({ status: res.statusCode || 500, headers: res.headers, data }),
        reject,
      );
    });
    out.on('error', reject);
    out.end(body);
  });
}

// Operations whose successful answers the reality layer acts on or rewrites.
const REAL = new Set([
  'CreateKeyPair',
  'ImportKeyPair',
  'DeleteKeyPair',
  'RunInstances',
  'DescribeInstances',
  'CreateImage',
  'CopyImage',
  'StopInstances',
  'StartInstances',
  'RebootInstances',
  'TerminateInstances',
  'GetPasswordData',
]);

async function startProxy({ moto, port = 0, defaultImage = DEFAULT_IMAGE } = {}) {
  if (!moto) throw new Error('aws-proxy: no moto endpoint (--moto or KILN_MOTO_ENDPOINT)');
  const reality = new Reality({ defaultImage });
  let calls = new Map();
  let faults = {};
  let seen = { throttle: 0, error5xx: 0, perOperation: new Map() };
  const setFaults = (f) => {
    faults = f || {};
    seen = { throttle: 0, error5xx: 0, perOperation: new Map() };
  };

  async function admin(req, res, path, body) {
    const input = body.length ? JSON.parse(body.toString('utf8')) : {};
    const route = `${req.method} ${path}`;
    if (route === 'GET calls') {
      const all = Object.fromEntries([...calls].sort());
      return sendJson(res, 200, { total: [...calls.values()].reduce((a, b) => a + b, 0), calls: all });
    }
    if (route === 'DELETE calls') {
      calls = new Map();
      return sendJson(res, 200, {});
    }
    if (route === 'PUT faults' || route === 'POST faults') {
      setFaults(input);
      return sendJson(res, 200, faults);
    }
    if (route === 'GET faults') return sendJson(res, 200, faults);
    if (route === 'DELETE faults') {
      setFaults({});
      return sendJson(res, 200, {});
    }
    if (route === 'POST images') {
      const image = input.image || (input.winrm ? WINDOWS_IMAGE : undefined);
      if (!input.ami || !image) return sendJson(res, 400, { error: 'want {"ami", "image"}' });
      if (input.winrm && typeof input.winrm.password !== 'string')
        return sendJson(res, 400, { error: 'want {"winrm": {"password"}}' });
      reality.registered.set(input.ami, image);
      if (input.winrm) reality.winrmImages.set(input.ami, input.winrm);
      else reality.winrmImages.delete(input.ami);
      return sendJson(res, 200, reality.describe().images);
    }
    if (route === 'GET images') return sendJson(res, 200, reality.describe().images);
    if (route === 'GET instances') return sendJson(res, 200, reality.describe().instances);
    if (route === 'POST reset') {
      const r = await forward(moto, { method: 'POST', url: '/moto-api/reset', headers: {} }, Buffer.alloc(0));
      await reality.clear();
      calls = new Map();
      setFaults({});
      return sendJson(res, r.status === 200 ? 200 : 502, { moto: r.status });
    }
    return sendJson(res, 404, { error: `no admin route ${route}` });
  }

  /** The fault to inject for this call, if any: [status, code, message]. */
  function faultFor(operation) {
    if (Array.isArray(faults.operations) && !faults.operations.includes(operation)) return undefined;
    const fail = faults.failOn;
    if (fail && fail.operation === operation) {
      const n = (seen.perOperation.get(operation) || 0) + 1;
      seen.perOperation.set(operation, n);
      if (n === Number(fail.nth || 1)) {
        return [
          fail.status || 500,
          fail.code || 'InternalError',
          fail.message || 'Injected failure (kiln-proxy failOn).',
        ];
      }
    }
    if (faults.throttle && spread(faults.throttle, seen.throttle++)) {
      return [503, 'RequestLimitExceeded', 'Request limit exceeded.'];
    }
    if (faults.error5xx && spread(faults.error5xx, seen.error5xx++)) {
      return [500, 'InternalError', 'An internal error has occurred. (kiln-proxy error5xx)'];
    }
    return undefined;
  }

  async function handle(req, res) {
    const body = await readBody(req);
    const path = new URL(req.url, 'http://proxy').pathname;
    if (path.startsWith('/kiln-proxy/')) return admin(req, res, path.slice('/kiln-proxy/'.length), body);
    if (path.startsWith('/moto-api/')) {
      const r = await forward(moto, req, body);
      res.writeHead(r.status, r.headers);
      return res.end(r.data);
    }
    const call = classify(req, body);
    calls.set(call.operation, (calls.get(call.operation) || 0) + 1);
    // "operations" limits latency too, as every other fault.
    const limited = Array.isArray(faults.operations) && !faults.operations.includes(call.operation);
    if (faults.latencyMs && !limited) await new Promise((r) => setTimeout(r, Number(faults.latencyMs)));
    const fault = faultFor(call.operation);
    if (fault) return sendError(res, call, ...fault);

    const r = await forward(moto, req, body);
    let data = r.data;
    if (r.status === 200 && REAL.has(call.operation) && (call.service === 'ec2' || call.service === '')) {
      try {
        data = Buffer.from(
          await reality.after(call.operation, call.region, call.params, data.toString('utf8')),
        );
      } catch (error) {
        process.stderr.write(`aws-proxy: ${call.operation}: ${error.message}\n`);
        return sendError(res, call, 500, 'InternalError', `kiln-proxy: ${error.message}`);
      }
    }
    const headers = { ...r.headers, 'content-length': String(data.length) };
    delete headers['transfer-encoding'];
    res.writeHead(r.status, headers);
    res.end(data);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      process.stderr.write(`aws-proxy: ${error.stack || error}\n`);
      if (!res.headersSent) sendJson(res, 502, { error: String(error.message || error) });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  let closing;
  return {
    endpoint,
    reality,
    close() {
      closing ||= (async () => {
        await new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await reality.clear();
      })();
      return closing;
    },
  };
}

function parseArgs(argv) {
  const opts = {
    moto: process.env.KILN_MOTO_ENDPOINT,
    port: 0,
    defaultImage: DEFAULT_IMAGE,
    watchStdin: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--moto') opts.moto = argv[++i];
    else if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--default-image') opts.defaultImage = argv[++i];
    else if (a === '--watch-stdin') opts.watchStdin = true;
    else throw new Error(`aws-proxy: unknown argument ${a}`);
  }
  return opts;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  startProxy(opts).then(
    (proxy) => {
      process.stdout.write(`${JSON.stringify({ endpoint: proxy.endpoint })}\n`);
      const stop = () => proxy.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      if (opts.watchStdin) {
        process.stdin.on('end', stop);
        process.stdin.resume();
      }
    },
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}

module.exports = { startProxy, spread };
