#!/usr/bin/env node
// Benchmark for formatlist over a million elements (issue 20): whole-process wall time of
// `kiln validate` on a template whose local formats every element of a 1,000,000-element list.
// Runs dist/cli/index.js (run `node scripts/build.js` first). With --packer it also times
// `packer validate` on the same template.
// Usage: node bench/formatlist.js [--packer]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist/cli/index.js');
const withPacker = process.argv.includes('--packer');
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS; // costs every node process ~0.2 s; GitHub's runners do not set it

const cases = {
  'one list, `item-%s`': 'formatlist("item-%s", local.l)',
  'two lists and a scalar, `%s=%v;%5d`': 'formatlist("%s=%v;%5d", local.l, local.l, 7)',
};

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return `${(ms / 1000).toFixed(2)} s`;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-formatlist-'));
try {
  console.log(`| case | kiln validate |${withPacker ? ' packer validate |' : ''}`);
  console.log(`|---|---|${withPacker ? '---|' : ''}`);
  for (const [name, expr] of Object.entries(cases)) {
    const dir = fs.mkdtempSync(path.join(work, 'case-'));
    fs.writeFileSync(
      path.join(dir, 'bench.pkr.hcl'),
      `locals {\n  l  = split("", format("%01000000d", 0))\n  xs = ${expr}\n}\n` +
        'source "null" "a" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.a"]\n}\n',
    );
    const kiln = time(process.execPath, [cli, 'validate', dir]);
    const packer = withPacker ? ` ${time('packer', ['validate', dir])} |` : '';
    console.log(`| ${name} | ${kiln} |${packer}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
