#!/usr/bin/env node
// Benchmark for `kiln plan` (issue 18): whole-process wall time of `kiln plan -format=json` on the
// generated 40 sources × 100 provisioners template (bench/gen-validate-template.js, as the validate
// benchmark uses), next to `kiln validate` on the same template, median of N runs. Runs
// dist/cli/index.js (after `node scripts/build.js`), or the CLI given with --cli (e.g. sources
// compiled by `tsc -p tsconfig.json --outDir build`: build/src/cli/index.js).
// Usage: node bench/plan.js [runs] [--cli PATH]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { write } = require('./gen-validate-template');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const at = args.indexOf('--cli');
const cli = at >= 0 ? path.resolve(args[at + 1]) : path.join(root, 'dist', 'cli', 'index.js');
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--cli') ?? 7);
// As in bench/validate.js: GitHub's runners do not set NODE_EXTRA_CA_CERTS, which costs each node start.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(argv) {
  const times = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0)
      throw new Error(`kiln ${argv.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    out = r.stdout;
  }
  return { ms: median(times), min: Math.min(...times), out };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-plan-'));
try {
  const dir = path.join(work, 't');
  write(dir, { sources: 40, provisioners: 100, variables: 0, locals: 0 });
  const plan = time(['plan', '-format=json', dir]);
  const jobs = JSON.parse(plan.out).jobs;
  const validate = time(['validate', dir]);
  console.log(
    `| command (40 sources × 100 provisioners, ${jobs} jobs) | wall, median of ${runs} | fastest |`,
  );
  console.log('| --- | --- | --- |');
  console.log(`| kiln plan -format=json | ${plan.ms.toFixed(0)} ms | ${plan.min.toFixed(0)} ms |`);
  console.log(`| kiln validate | ${validate.ms.toFixed(0)} ms | ${validate.min.toFixed(0)} ms |`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
