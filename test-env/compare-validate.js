#!/usr/bin/env node
/**
 * Differential check of `kiln validate` against `packer validate` 1.6.6 (developer tool, not run by CI).
 *
 *   node test-env/compare-validate.js [--packer PATH]
 *
 * Runs both on every template under __tests__/fixtures/{corpus,invalid} (a directory, or the
 * template.json inside it) except those listed in SKIP, which use features 1.6.6 does not know.
 * Compares exit codes and the set of error summaries ("Error: X" lines for HCL2, "* X" lines for legacy
 * JSON) and prints a table. Genuine 1.6.6-vs-current differences are in validate-known-differences.md.
 * Exit status: 0 when every case matched or is a known difference, 1 otherwise.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const packerIdx = process.argv.indexOf('--packer');
const packer = packerIdx > 0 ? process.argv[packerIdx + 1] : '/usr/bin/packer';

// Templates 1.6.6 cannot understand: they use data sources, required_plugins or dynamic blocks,
// all added after 1.6.6.
const SKIP = {
  'corpus/aws-multi-file': 'required_plugins, data sources (added in Packer 1.7)',
  'corpus/docker-pipeline': 'packer { required_plugins } (added in Packer 1.7)',
  'corpus/dynamic-blocks': 'dynamic blocks in build/source bodies (added in Packer 1.7)',
};

// Compared cases whose difference is a genuine 1.6.6-vs-current one (see the .md); shown as "known".
const KNOWN = new Set([
  'invalid/bad-duration',
  'invalid/locals-cycle',
  'invalid/missing-required-option',
  'invalid/legacy-bad-user-var',
]);

function cases() {
  const out = [];
  for (const group of ['corpus', 'invalid']) {
    const base = path.join(repo, '__tests__', 'fixtures', group);
    for (const name of fs.readdirSync(base).sort()) {
      const dir = path.join(base, name);
      const json = path.join(dir, 'template.json');
      out.push({ id: `${group}/${name}`, target: fs.existsSync(json) ? json : dir });
    }
  }
  return out;
}

// Packer wraps a component's Prepare errors in one "Failed preparing <kind>-block" diagnostic whose
// detail lists them ("* X" lines, wrapped at 80 columns, or "file:line,col: Summary; detail" for an
// HCL error inside the block); Kiln reports each as a diagnostic of its own. Compare the inner ones.
const PREPARE_WRAPPER = /^Failed preparing (provisioner|post-processor)-block /;

function summaries(text) {
  const set = new Set();
  const add = (summary) => {
    if (!/^\d+ error\(s\) (occurred|decoding)/.test(summary)) set.add(summary.trim());
  };
  let afterLocation = false;
  let item; // a "* X" item, continued on the following lines until an empty one
  const flush = () => {
    if (item !== undefined) add(item);
    item = undefined;
  };
  for (const line of text.split('\n')) {
    const hcl = /^Error: (.*)$/.exec(line);
    const legacy = /^\s*\* (.*)$/.exec(line);
    // The location may end the line when Packer wraps a long path: the summary is then on the next.
    const inner = /^\S+:\d+,\d+-\d+:(?: ([^;]+);.*)?$/.exec(line);
    if (afterLocation) {
      afterLocation = false;
      add(line.split(';')[0]);
      continue;
    }
    if (legacy) {
      flush();
      item = legacy[1];
    } else if (item !== undefined && line.trim() !== '' && !hcl) {
      item += ` ${line.trim()}`;
    } else {
      flush();
      if (hcl && !PREPARE_WRAPPER.test(hcl[1])) add(hcl[1]);
      else if (inner && inner[1] !== undefined) add(inner[1]);
      else if (inner) afterLocation = true;
    }
  }
  flush();
  return [...set].sort();
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const text = `${r.stdout || ''}${r.stderr || ''}`;
  return { code: r.status, errors: summaries(text) };
}

let failed = 0;
const rows = [];
for (const c of cases()) {
  if (SKIP[c.id]) {
    rows.push([c.id, 'skip', '', SKIP[c.id]]);
    continue;
  }
  const cwd = fs.statSync(c.target).isDirectory() ? c.target : path.dirname(c.target);
  const kiln = run(
    process.execPath,
    [
      '--require',
      path.join(repo, 'scripts', 'run-ts.js'),
      path.join(repo, 'src', 'cli', 'index.ts'),
      'validate',
      c.target,
    ],
    cwd,
  );
  const pk = run(packer, ['validate', c.target], cwd);
  const same = kiln.code === pk.code && JSON.stringify(kiln.errors) === JSON.stringify(pk.errors);
  const known = !same && KNOWN.has(c.id);
  if (!same && !known) failed++;
  rows.push([
    c.id,
    same ? 'same' : known ? 'known' : 'DIFF',
    `kiln ${kiln.code} / packer ${pk.code}`,
    same ? '' : `kiln: ${kiln.errors.join('; ') || '-'} | packer: ${pk.errors.join('; ') || '-'}`,
  ]);
}
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows)
  console.log(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`);
console.log(`\n${rows.length} cases, ${failed} differing`);
process.exitCode = failed === 0 ? 0 : 1;
