#!/usr/bin/env node
// Benchmark for the amazon-ebs builder (issue 15): the same build — source_ami_filter, a temporary
// key pair and security group, one shell provisioner, one copy region — with Kiln
// (dist/cli/index.js) and with Packer (`packer` on PATH, Debian's 1.6.6: a JSON template), against
// moto behind test-env/aws-proxy with no emulator delays. Runs interleaved; prints Markdown:
//   1. EC2 calls per operation and in total for each (the proxy's own counters, reset with
//      DELETE /kiln-proxy/calls between runs — never the full reset: moto is shared);
//   2. the time from the first AWS call to the artifact ("Builds finished"), split into the time
//      inside AWS calls answered by moto alone, the emulator's reality (the calls that start, stop,
//      commit or remove a container, and SSH connection + provisioning inside the container), and
//      what is left: the tool's own time (including any waiter sleeping between polls).
// The split comes from a timing relay of this process in front of the proxy: every request's start,
// end and operation, and the moment each output line arrives, on one clock.
// Needs `. /tmp/kiln-test-env/env.sh` (KILN_MOTO_ENDPOINT, DOCKER_HOST) and the Debian sshd image
// (test-env/debian-sshd-image.sh). Usage: node bench/amazon-ebs.js [runs]   (KILN_DIST=DIR: another dist/)
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = process.env.KILN_DIST ? path.resolve(process.env.KILN_DIST) : path.join(root, 'dist');
const cli = path.join(dist, 'cli/index.js');
const runs = Number(process.argv[2] || 3);
const BUILD_REGION = 'us-east-2';
const COPY_REGION = 'ca-central-1';
// Calls in which the proxy does Docker work besides forwarding to moto (test-env/aws-proxy/reality.js).
const REALITY = new Set([
  'RunInstances',
  'StopInstances',
  'StartInstances',
  'CreateImage',
  'TerminateInstances',
]);

const env = { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_LOG: '' };
delete env.NODE_EXTRA_CA_CERTS;
delete env.AWS_ENDPOINT_URL;

function hcl(name, endpoint) {
  return `source "amazon-ebs" "bench" {
  access_key                 = "test"
  secret_key                 = "test"
  region                     = "${BUILD_REGION}"
  custom_endpoint_ec2        = "${endpoint}"
  skip_credential_validation = true
  skip_metadata_api_check    = true
  skip_region_validation     = true
  source_ami_filter {
    filters = {
      name = "amzn2-ami-hvm-*"
    }
    owners      = ["137112412989"]
    most_recent = true
  }
  instance_type = "t3.micro"
  communicator  = "ssh"
  ssh_username  = "root"
  ssh_timeout   = "60s"
  ami_name      = "${name}"
  ami_regions   = ["${COPY_REGION}"]
}

build {
  sources = ["source.amazon-ebs.bench"]

  provisioner "shell" {
    inline = ["echo bench > /root/bench"]
  }
}
`;
}

function json(name, endpoint) {
  return JSON.stringify(
    {
      builders: [
        {
          type: 'amazon-ebs',
          access_key: 'test',
          secret_key: 'test',
          region: BUILD_REGION,
          custom_endpoint_ec2: endpoint,
          skip_credential_validation: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
          source_ami_filter: {
            filters: { name: 'amzn2-ami-hvm-*' },
            owners: ['137112412989'],
            most_recent: true,
          },
          instance_type: 't3.micro',
          communicator: 'ssh',
          ssh_username: 'root',
          ssh_timeout: '60s',
          ami_name: name,
          ami_regions: [COPY_REGION],
        },
      ],
      provisioners: [{ type: 'shell', inline: ['echo bench > /root/bench'] }],
    },
    null,
    2,
  );
}

/** node test-env/aws-proxy in front of the shared moto, as __tests__/support/aws-emulator.ts starts it. */
function startProxy() {
  const child = spawn(process.execPath, [path.join(root, 'test-env/aws-proxy'), '--watch-stdin'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString('utf8');
      if (out.includes('\n')) resolve({ child, endpoint: JSON.parse(out.split('\n')[0]).endpoint });
    });
    child.once('exit', (code) => reject(new Error(`aws-proxy exited (${code})`)));
  });
}

/** A relay in front of the proxy that notes each request's operation, region, start and end. */
function startRelay(target) {
  const log = [];
  const now = () => performance.now();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry = { op: new URLSearchParams(body.toString('utf8')).get('Action') || req.url, start: now() };
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization || ''));
      entry.region = region ? region[1] : '';
      const out = http.request(
        new URL(req.url, target),
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (r) => {
          res.writeHead(r.statusCode || 502, r.headers);
          const body = [];
          r.on('data', (c) => body.push(c));
          r.pipe(res);
          r.on('end', () => {
            entry.end = now();
            entry.status = r.statusCode;
            log.push(entry);
            // The new instance's address: the bench watches for its sshd to answer.
            const ip =
              entry.op === 'RunInstances' && /<ipAddress>([^<]+)</.exec(Buffer.concat(body).toString());
            if (ip) watchSshd(ip[1], entry);
          });
        },
      );
      out.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      out.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ endpoint: `http://127.0.0.1:${server.address().port}`, log, close: () => server.close() }),
    );
  });
}

async function admin(endpoint, method, route) {
  const r = await fetch(`${endpoint}/kiln-proxy/${route}`, { method });
  if (!r.ok) throw new Error(`aws-proxy ${method} ${route}: ${r.status}`);
  return r.json();
}

/** Notes in `entry.sshd` when `host`:22 first sends an SSH banner (polled every 20 ms, for 60 s). */
function watchSshd(host, entry) {
  const deadline = performance.now() + 60_000;
  const attempt = () => {
    const sock = net.connect(22, host);
    let done = false;
    const retry = () => {
      if (done) return;
      done = true;
      sock.destroy();
      if (performance.now() < deadline) setTimeout(attempt, 20);
    };
    sock.on('data', (c) => {
      if (!done && c.toString('latin1').startsWith('SSH-')) {
        entry.sshd = performance.now();
        done = true;
        sock.destroy();
      }
    });
    sock.on('error', retry);
    sock.on('close', retry);
  };
  attempt();
}

/** Runs a build; returns when each output line arrived (ms, relay clock) and the AMIs made. */
function build(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env });
    const lines = [];
    let pending = '';
    let err = '';
    child.stdout.on('data', (c) => {
      const t = performance.now();
      pending += c.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop();
      for (const text of parts) lines.push({ t, text });
    });
    child.stderr.on('data', (c) => (err += c.toString('utf8')));
    child.on('close', (code) => {
      const all = lines.map((l) => l.text).join('\n');
      if (code !== 0) reject(new Error(`${cmd} failed (${code}):\n${all}\n${err}`));
      else {
        const seen = new Map();
        for (const m of all.matchAll(/([a-z]{2}-[a-z]+-\d):\s*(ami-[0-9a-f]+)/g)) seen.set(m[2], m);
        resolve({ lines, amis: [...seen.values()] });
      }
    });
  });
}

/** Total length of the union of [start, end] intervals. */
function union(intervals) {
  const s = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur;
  for (const [a, b] of s) {
    if (!cur || a > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    } else cur[1] = Math.max(cur[1], b);
  }
  return cur ? total + cur[1] - cur[0] : total;
}

/** The AMIs a run made, deregistered with their snapshots (moto is shared: leave nothing). */
async function removeAmis(endpoint, amis) {
  const { EC2Client, DescribeImagesCommand, DeregisterImageCommand, DeleteSnapshotCommand } = require(
    path.join(root, 'node_modules/@aws-sdk/client-ec2'),
  );
  for (const [, region, ami] of amis) {
    const ec2 = new EC2Client({
      endpoint,
      region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
      await ec2.send(new DeregisterImageCommand({ ImageId: ami }));
      for (const b of image?.BlockDeviceMappings ?? [])
        if (b.Ebs?.SnapshotId) await ec2.send(new DeleteSnapshotCommand({ SnapshotId: b.Ebs.SnapshotId }));
    } finally {
      ec2.destroy();
    }
  }
}

/**
 * One measured build: calls per operation (the proxy's counters), and the time split. SSH and
 * provisioning run from the line announcing the wait for SSH to the first AWS call after it (the
 * stop), less any AWS call in between.
 */
async function measure(tool, proxy, relay) {
  const name = `kiln-bench-ebs-${tool}-${Date.now()}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-ebs-'));
  const kiln = tool === 'kiln';
  fs.writeFileSync(
    path.join(dir, kiln ? 'b.pkr.hcl' : 'b.json'),
    kiln ? hcl(name, relay.endpoint) : json(name, relay.endpoint),
  );
  await admin(proxy.endpoint, 'DELETE', 'calls');
  relay.log.length = 0;
  const r = kiln
    ? await build(process.execPath, [cli, 'build', '-color=false', '.'], dir)
    : await build('packer', ['build', '-color=false', 'b.json'], dir);
  const { total, calls } = await admin(proxy.endpoint, 'GET', 'calls');
  const log = [...relay.log].sort((a, b) => a.start - b.start);
  await removeAmis(proxy.endpoint, r.amis);
  fs.rmSync(dir, { recursive: true, force: true });

  const first = log[0].start;
  if (process.env.BENCH_TRACE) {
    const events = [
      ...log.map((c) => [c.start, `${c.op} ${c.region} ${(c.end - c.start).toFixed(0)} ms`]),
      ...r.lines.map((l) => [l.t, `  | ${l.text}`]),
    ].sort((a, b) => a[0] - b[0]);
    for (const [t, text] of events) console.error(`${tool} ${(t - first).toFixed(0).padStart(6)} ${text}`);
  }
  const done = r.lines.find((l) => /Builds finished/.test(l.text));
  const end = done ? done.t : r.lines[r.lines.length - 1].t;
  const at = (re) => r.lines.find((l) => re.test(l.text));
  const sshLine = at(/Waiting for SSH/);
  const connected = at(/Connected to SSH/);
  const run = log.find((c) => c.op === 'RunInstances');
  let sshd = 0;
  let retry = 0;
  let provision = 0;
  if (sshLine && connected && run && run.sshd) {
    const ready = Math.max(run.sshd, sshLine.t);
    sshd = ready - sshLine.t;
    retry = connected.t - ready;
    const next = log.find((c) => c.start > connected.t);
    const stop = next ? next.start : end;
    provision = stop - connected.t;
  }
  const ssh = sshd + retry + provision;
  const within = (c) => sshLine && connected && c.start >= sshLine.t && c.end <= end && c.start < connected.t;
  if (log.some(within))
    throw new Error(`${tool}: AWS calls while connecting: the split would count them twice`);
  const aws = union(log.map((c) => [c.start, c.end]));
  const containers = union(log.filter((c) => REALITY.has(c.op)).map((c) => [c.start, c.end]));
  const wall = end - first;
  return {
    calls,
    total,
    wall,
    moto: aws - containers,
    containers,
    sshd,
    retry,
    provision,
    own: wall - aws - ssh,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  if (!process.env.KILN_MOTO_ENDPOINT)
    throw new Error('KILN_MOTO_ENDPOINT is not set: . /tmp/kiln-test-env/env.sh');
  const hasPacker = spawnSync('packer', ['version']).status === 0;
  const proxy = await startProxy();
  const relay = await startRelay(proxy.endpoint);
  const results = { kiln: [], packer: [] };
  try {
    for (let i = 0; i < runs; i++) {
      results.kiln.push(await measure('kiln', proxy, relay));
      if (hasPacker) results.packer.push(await measure('packer', proxy, relay));
    }
  } finally {
    relay.close();
    proxy.child.stdin.end();
    proxy.child.kill('SIGTERM');
  }
  const tools = hasPacker ? ['kiln', 'packer'] : ['kiln'];
  const packerVersion = hasPacker ? spawnSync('packer', ['version'], { encoding: 'utf8' }).stdout.trim() : '';
  const title = { kiln: 'Kiln', packer: packerVersion };
  console.log(`Machine: ${os.cpus().length} CPUs; ${runs} runs of each, interleaved; medians.\n`);
  // Calls: the counts of the median run by total (they do not vary between runs unless a waiter
  // polls a different number of times, which the min-max column shows).
  const ops = [...new Set(tools.flatMap((t) => results[t].flatMap((r) => Object.keys(r.calls))))].sort();
  console.log(`| EC2 operation | ${tools.map((t) => title[t]).join(' | ')} |`);
  console.log(`| --- | ${tools.map(() => '---').join(' | ')} |`);
  const cell = (t, f) => {
    const xs = results[t].map(f);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? String(lo) : `${median(xs)} (${lo}-${hi})`;
  };
  for (const op of ops)
    console.log(`| ${op} | ${tools.map((t) => cell(t, (r) => r.calls[op] || 0)).join(' | ')} |`);
  console.log(`| **total** | ${tools.map((t) => `**${cell(t, (r) => r.total)}**`).join(' | ')} |`);
  console.log('');
  console.log(`| first AWS call → artifact | ${tools.map((t) => title[t]).join(' | ')} |`);
  console.log(`| --- | ${tools.map(() => '---').join(' | ')} |`);
  const rows = [
    ['wall', (r) => r.wall],
    ['in AWS calls moto answers alone', (r) => r.moto],
    [
      'in the calls the proxy backs with Docker (RunInstances, StopInstances, CreateImage, TerminateInstances)',
      (r) => r.containers,
    ],
    ["sshd starting in the instance's container", (r) => r.sshd],
    ['SSH: from sshd answering to connected (the communicator retries every 5 s)', (r) => r.retry],
    ['provisioning over SSH (one shell command)', (r) => r.provision],
    ["the tool's own time (everything else: its code, waiters' sleeps)", (r) => r.own],
    [
      '**wall less the emulator (Docker calls, sshd start, provisioning)**',
      (r) => r.wall - r.containers - r.sshd - r.provision,
    ],
    ['**the same, less the SSH retry wait**', (r) => r.moto + r.own],
  ];
  for (const [label, f] of rows)
    console.log(`| ${label} | ${tools.map((t) => s(median(results[t].map(f)))).join(' | ')} |`);
  if (process.env.BENCH_RAW) console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
