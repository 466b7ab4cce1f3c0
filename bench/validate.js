#!/usr/bin/env node
// Benchmark for `kiln validate` (issue 3): whole-process wall time and peak RSS at four sizes of
// each dimension — sources × provisioners, and variables + locals — so growth can be seen to be
// linear. Runs dist/cli/index.js (run `node scripts/build.js` first). With --packer it also times
// `packer validate` (1.6.6 takes minutes on the largest size).
// Usage: node bench/validate.js [--packer]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { write } = require('./gen-validate-template');

const root = path.resolve(__dirname, '..');
// KILN_DIST: time another build's dist/ directory (e.g. one from an older commit) instead.
const dist = process.env.KILN_DIST ? path.resolve(process.env.KILN_DIST) : path.join(root, 'dist');
const cli = path.join(dist, 'cli/index.js');
const withPacker = process.argv.includes('--packer');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-validate-'));
// Some machines set NODE_EXTRA_CA_CERTS, which costs every node process ~0.2 s at start-up; GitHub's
// runners do not, so whole-command timings run without it.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time (ms) and the largest peak RSS (MB) of `runs` runs, measured with GNU time. */
function measure(cmd, args, runs) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0)
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    rss = Math.max(rss, Number(lines[lines.length - 1]) / 1024);
  }
  return { ms: median(times), rss };
}

const cases = [
  ...[5, 10, 20, 40].map((s) => ({
    label: `${s} sources × 100 provisioners`,
    sources: s,
    provisioners: 100,
    variables: 0,
    locals: 0,
  })),
  ...[125, 250, 500, 1000].map((n) => ({
    label: `${n} variables + ${n} locals`,
    sources: 1,
    provisioners: 1,
    variables: n,
    locals: n,
  })),
];

const rows = [];
for (const c of cases) {
  const dir = path.join(work, c.label.replace(/\W+/g, '-'));
  write(dir, c);
  const kiln = measure(process.execPath, [cli, 'validate', dir], 5);
  const row = [c.label, `${kiln.ms.toFixed(0)} ms`, `${kiln.rss.toFixed(0)} MB`];
  if (withPacker) {
    const packer = measure('packer', ['validate', dir], 1);
    row.push(`${(packer.ms / 1000).toFixed(1)} s`);
  }
  rows.push(row);
  process.stderr.write(`${row.join(' | ')}\n`);
}

const head = ['input', 'kiln validate (wall, median of 5)', 'peak RSS'];
if (withPacker) head.push('packer validate 1.6.6');
console.log(`| ${head.join(' | ')} |`);
console.log(`| ${head.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
fs.rmSync(work, { recursive: true, force: true });
