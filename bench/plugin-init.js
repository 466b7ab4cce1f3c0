#!/usr/bin/env node
// Benchmark for `kiln init` (issue 17): whole-process wall time of `kiln init` on a template requiring
// one plugin (kilnfixture 1.0.0, a real ~27 MB plugin binary, zipped and served in the official
// release site's layout by an HTTP server on 127.0.0.1 in this process), median of N runs:
//   cold               empty plugin directory, no lock file: index.json, SHA256SUMS, manifest, zip,
//                      checksum, unzip, describe, install, lock written
//   warm, no lock      the plugin directory restored (as from the action's cache), lock not committed
//   warm, locked       plugin directory and lock file present: what a cached CI run does
// and the plugin requests each made. Needs test-env/build-release-fixtures.sh's binaries. Runs
// dist/cli/index.js (after `node scripts/build.js`), or the CLI given with --cli.
// Usage: node bench/plugin-init.js [runs] [--cli PATH]
'use strict';
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const yazl = require('yazl');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const cliAt = args.indexOf('--cli');
const cli = cliAt >= 0 ? path.resolve(args[cliAt + 1]) : path.join(root, 'dist', 'cli', 'index.js');
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--cli') ?? 5);
const goos = process.platform === 'win32' ? 'windows' : process.platform;
const goarch = process.arch === 'x64' ? 'amd64' : process.arch;
const fixtures =
  process.env.KILN_RELEASE_FIXTURES ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kiln', 'release-fixtures');
const binary = path.join(fixtures, `kilnfixture_1.0.0_${goos}_${goarch}`);
if (!fs.existsSync(binary)) {
  console.error(`${binary} is missing: run bash test-env/build-release-fixtures.sh`);
  process.exit(1);
}

function zip(name, data) {
  const z = new yazl.ZipFile();
  z.addBuffer(data, name, { mode: 0o100755 });
  z.end();
  return new Promise((resolve) => {
    const chunks = [];
    z.outputStream.on('data', (c) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function run(cmd, argv, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [cmd, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.resume();
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`kiln ${argv.join(' ')} exited ${code}: ${err}`));
      else resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const name = `packer-plugin-kilnfixture_v1.0.0_x5.0_${goos}_${goarch}`;
  const z = await zip(name, fs.readFileSync(binary));
  const zipName = `packer-plugin-kilnfixture_1.0.0_${goos}_${goarch}.zip`;
  const base = '/packer-plugin-kilnfixture';
  const routes = new Map([
    [`${base}/index.json`, JSON.stringify({ versions: { '1.0.0': { version: '1.0.0' } } })],
    [
      `${base}/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS`,
      `${createHash('sha256').update(z).digest('hex')}  ${zipName}\n`,
    ],
    [
      `${base}/1.0.0/packer-plugin-kilnfixture_1.0.0_manifest.json`,
      JSON.stringify({ metadata: { protocol_version: '5.0' } }),
    ],
    [`${base}/1.0.0/${zipName}`, z],
  ]);
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const body = routes.get(req.url);
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-init-'));
  const tpl = path.join(work, 'tpl');
  fs.mkdirSync(tpl);
  fs.writeFileSync(
    path.join(tpl, 'main.pkr.hcl'),
    'packer {\n  required_plugins {\n    kilnfixture = {\n      source  = "github.com/hashicorp/kilnfixture"\n      version = "~> 1.0"\n    }\n  }\n}\n',
  );
  const lock = path.join(tpl, '.kiln.lock.hcl');
  const env = (plugins) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PACKER_PLUGIN_PATH: plugins,
    KILN_PLUGIN_RELEASES_URL: `http://127.0.0.1:${server.address().port}`,
    KILN_PLUGIN_SOURCES: 'releases',
  });
  const rows = [];
  try {
    const measure = async (label, prepare) => {
      const times = [];
      let reqs = 0;
      for (let i = 0; i < runs; i++) {
        const plugins = prepare(i);
        requests = 0;
        times.push(await run(cli, ['init', tpl], env(plugins)));
        reqs = requests;
      }
      rows.push(`| ${label} | ${median(times).toFixed(0)} ms | ${reqs} |`);
    };
    const warmDir = path.join(work, 'warm');
    await measure('cold (empty plugin directory, no lock)', (i) => {
      fs.rmSync(lock, { force: true });
      const d = path.join(work, `cold-${i}`);
      return d;
    });
    fs.cpSync(path.join(work, 'cold-0'), warmDir, { recursive: true });
    await measure('warm, no lock file (directory from the cache)', () => {
      fs.rmSync(lock, { force: true });
      return warmDir;
    });
    await measure('warm, locked (directory from the cache, lock committed)', () => warmDir);
  } finally {
    server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `kiln init, median of ${runs} runs (${cli}), plugin binary ${(fs.statSync(binary).size / 1e6).toFixed(1)} MB:\n`,
  );
  console.log('| case | wall time | plugin requests |\n| --- | --- | --- |');
  for (const r of rows) console.log(r);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
