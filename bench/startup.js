#!/usr/bin/env node
// Per-invocation latency (issue 14): PR checks run `validate` and `fmt` once per template, one
// process each, so what counts is a whole short process. Times `kiln` (dist/cli/index.js) and
// `packer` side by side on a small typical template, interleaved run by run (the machine may be
// shared), and reports medians of wall time and of CPU time (user + sys, steadier under load).
//
// kiln validate is timed three ways: with its code cache warm (every run after the first on a
// machine), with a fresh cache directory each run (the first run: compile, then write the cache),
// and with the cache off (KILN_NO_CODE_CACHE=1).
//
// Usage: node scripts/build.js && node bench/startup.js [runs] [--baseline DIST_DIR]
//   --baseline: also time another build's dist/ directory (e.g. one built from an older commit).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt >= 0 ? path.resolve(args.splice(baselineAt, 2)[1]) : undefined;
const runs = Number(args[0] || 15);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-startup-'));

// An ordinary small template: a variable, a docker source, a shell provisioner.
const dir = path.join(work, 'small');
fs.mkdirSync(dir);
const template = path.join(dir, 'small.pkr.hcl');
fs.writeFileSync(
  template,
  [
    'packer {',
    '  required_version = ">= 1.6.0"',
    '}',
    '',
    'variable "image" {',
    '  type    = string',
    '  default = "debian:bookworm"',
    '}',
    '',
    'source "docker" "base" {',
    '  image  = var.image',
    '  commit = true',
    '}',
    '',
    'build {',
    '  sources = ["source.docker.base"]',
    '  provisioner "shell" { inline = ["echo hi"] }',
    '}',
    '',
  ].join('\n'),
);

// GitHub's runners do not set NODE_EXTRA_CA_CERTS, which costs every node process ~0.1-0.2 s.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const warmCache = path.join(work, 'cache-warm');
const timeOut = path.join(work, 'time.txt');

function hasPacker() {
  return spawnSync('packer', ['version'], { encoding: 'utf8' }).status === 0;
}

function kiln(dist, label) {
  const cli = path.join(dist, 'cli', 'index.js');
  return [
    {
      label: `${label} validate (code cache warm)`,
      cmd: [process.execPath, cli, 'validate', dir],
      env: { XDG_CACHE_HOME: warmCache },
    },
    {
      label: `${label} validate (first run: fresh cache)`,
      cmd: [process.execPath, cli, 'validate', dir],
      env: () => ({ XDG_CACHE_HOME: fs.mkdtempSync(path.join(work, 'cache-cold-')) }),
    },
    {
      label: `${label} validate (no code cache)`,
      cmd: [process.execPath, cli, 'validate', dir],
      env: { KILN_NO_CODE_CACHE: '1' },
    },
    { label: `${label} fmt -check`, cmd: [process.execPath, cli, 'fmt', '-check', template], env: {} },
    { label: `${label} version`, cmd: [process.execPath, cli, 'version'], env: {} },
  ];
}

const cases = [...kiln(path.join(root, 'dist'), 'kiln')];
if (baseline) cases.push(...kiln(baseline, 'baseline'));
if (hasPacker()) {
  cases.push(
    { label: 'packer validate', cmd: ['packer', 'validate', template], env: {} },
    { label: 'packer fmt -check', cmd: ['packer', 'fmt', '-check', template], env: {} },
    { label: 'packer version', cmd: ['packer', 'version'], env: {} },
  );
}
cases.push({ label: 'node -e 0 (floor)', cmd: [process.execPath, '-e', '0'], env: {} });

/** One run: wall time (hrtime) and CPU time (GNU time: user + sys, 10 ms resolution) in ms. */
function once(c) {
  const extra = typeof c.env === 'function' ? c.env() : c.env;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', timeOut, '-f', '%e %U %S', ...c.cmd], {
    env: { ...env, ...extra },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${c.cmd.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const [, user, sys] = fs.readFileSync(timeOut, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: (user + sys) * 1000 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Warm-up: fill the warm cache, let the OS cache the files.
for (const c of cases) once(c);
const samples = cases.map(() => ({ wall: [], cpu: [] }));
for (let i = 0; i < runs; i++) {
  cases.forEach((c, k) => {
    const t = once(c);
    samples[k].wall.push(t.wall);
    samples[k].cpu.push(t.cpu);
  });
}

console.log(`| command (${runs} interleaved runs) | wall, median | CPU (user+sys), median |`);
console.log('| --- | --- | --- |');
cases.forEach((c, k) => {
  console.log(
    `| ${c.label} | ${median(samples[k].wall).toFixed(0)} ms | ${median(samples[k].cpu).toFixed(0)} ms |`,
  );
});
fs.rmSync(work, { recursive: true, force: true });
