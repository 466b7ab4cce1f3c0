#!/usr/bin/env node
// Benchmark for the GitHub Action (issue 5), run as the runner runs it (node dist/index.js with
// INPUT_* variables and the GITHUB_* command files):
//   1. bundle sizes (dist/index.js, dist/post/index.js, everything under dist/);
//   2. cold start: from spawning `node dist/index.js` to its first line, and to the first line of
//      build output (`==> `) for a build of examples/quickstart (needs DOCKER_HOST and the local
//      busybox image from test-env/start.sh; skipped otherwise);
//   3. the whole action (parse -> outputs written) for `validate` on a Packer-sized template:
//      10 sources x 100 provisioners, 250 variables + 250 locals (bench/gen-validate-template.js).
// Usage: node scripts/build.js && node bench/action.js [runs]   (KILN_DIST=DIR: another dist/)
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { write } = require('./gen-validate-template');

const root = path.resolve(__dirname, '..');
// KILN_DIST: time another build's dist/ directory (e.g. one from an older commit) instead.
const dist = process.env.KILN_DIST ? path.resolve(process.env.KILN_DIST) : path.join(root, 'dist');
const main = path.join(dist, 'index.js');
const runs = Number(process.argv[2] || 7);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-action-'));
const BASE = 'kiln-test/busybox:latest';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function runnerEnv(inputs) {
  const temp = fs.mkdtempSync(path.join(work, 'runner-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: root,
    RUNNER_TEMP: temp,
    TMPDIR: temp,
    GITHUB_OUTPUT: path.join(temp, 'output'),
    GITHUB_STATE: path.join(temp, 'state'),
    GITHUB_STEP_SUMMARY: path.join(temp, 'summary'),
    // A fresh code cache each run, as on a fresh runner: the bundles are compiled, then cached.
    XDG_CACHE_HOME: path.join(temp, 'cache'),
  };
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) fs.writeFileSync(env[f], '');
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return env;
}

/** ms from spawn to the first stdout line, to the first line matching `marker`, and to exit. */
function timeRun(inputs, marker) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn(process.execPath, [main], { cwd: root, env: runnerEnv(inputs) });
    const result = { first: undefined, marker: undefined, exit: undefined, out: '' };
    child.stdout.on('data', (c) => {
      result.out += c.toString('utf8');
      if (result.first === undefined && result.out.includes('\n')) result.first = ms();
      if (marker && result.marker === undefined && result.out.split('\n').some((l) => l.startsWith(marker)))
        result.marker = ms();
    });
    child.stderr.on('data', (c) => (result.out += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      result.exit = ms();
      if (code !== 0) reject(new Error(`action exited ${code}:\n${result.out}`));
      else resolve(result);
    });
  });
}

function size(file) {
  return fs.statSync(file).size;
}
function treeSize(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? treeSize(p) : size(p);
  }
  return total;
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;

async function bench() {
  const rows = [];
  rows.push(['dist/index.js (main)', mb(size(main))]);
  rows.push(['dist/post/index.js (post)', mb(size(path.join(dist, 'post', 'index.js')))]);
  const tracked = spawnSync('git', ['ls-files', 'dist'], { cwd: root, encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    // A tracked file the build no longer makes (e.g. dist/ssh2/pagent.exe) is not shipped any more.
    .filter((f) => fs.existsSync(path.join(root, f)));
  rows.push([
    'dist/ as committed (all bundles)',
    mb(tracked.reduce((n, f) => n + size(path.join(root, f)), 0)),
  ]);
  rows.push(['dist/ on disk', mb(treeSize(dist))]);

  const dockerOk =
    spawnSync('docker', ['image', 'inspect', BASE], { stdio: 'ignore' }).status === 0 &&
    process.env.DOCKER_HOST;
  if (dockerOk) {
    const first = [];
    const build = [];
    const total = [];
    for (let i = 0; i < runs; i++) {
      const r = await timeRun(
        {
          command: 'build',
          template: 'examples/quickstart',
          variables: `base_image=${BASE}`,
          color: 'false',
          force: 'true',
        },
        '==> ',
      );
      first.push(r.first);
      build.push(r.marker);
      total.push(r.exit);
    }
    rows.push(['build quickstart: first line of the action', `${median(first).toFixed(0)} ms`]);
    rows.push(['build quickstart: first line of build output (`==> `)', `${median(build).toFixed(0)} ms`]);
    rows.push(['build quickstart: whole action', `${median(total).toFixed(0)} ms`]);
  } else {
    rows.push(['build quickstart', 'skipped: no DOCKER_HOST with ' + BASE]);
  }

  const dir = path.join(work, 'packer-sized');
  write(dir, { sources: 10, provisioners: 100, variables: 250, locals: 250 });
  const lines = fs
    .readdirSync(dir)
    .reduce((n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').split('\n').length, 0);
  const validate = [];
  for (let i = 0; i < runs; i++) {
    // The template is generated outside the workspace, which the action refuses unless told.
    const r = await timeRun({
      command: 'validate',
      template: dir,
      'allow-template-outside-workspace': 'true',
    });
    if (!r.out.includes('The configuration is valid.')) throw new Error(r.out);
    validate.push(r.exit);
  }
  rows.push([
    `validate, Packer-sized template (${lines} lines): whole action`,
    `${median(validate).toFixed(0)} ms`,
  ]);

  console.log(`| measure (median of ${runs}) | value |`);
  console.log('| --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

bench()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    spawnSync('docker', ['rmi', '-f', 'kiln-quickstart/hello:latest'], { stdio: 'ignore' });
    fs.rmSync(work, { recursive: true, force: true });
  });
