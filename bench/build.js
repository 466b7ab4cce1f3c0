#!/usr/bin/env node
// Benchmarks for `kiln build` (issue 4), against a real Docker engine (DOCKER_HOST; see
// test-env/start.sh) with the kiln-test/busybox image: (1) one docker build (shell provisioner,
// commit) with Kiln and with Packer when installed, interleaved; (2) 8 such builds in parallel
// against one. Runs dist/cli/index.js (run `node scripts/build.js` first). Prints Markdown.
// Usage: node bench/build.js [runs]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist/cli/index.js');
const runs = Number(process.argv[2] ?? 5);
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS; // GitHub's runners do not set it; it costs ~0.2 s per node start

function template(sources) {
  const out = [];
  for (let i = 0; i < sources; i++) {
    out.push(
      `source "docker" "b${i}" {`,
      '  image  = "kiln-test/busybox:latest"',
      '  pull   = false',
      '  commit = true',
      '}',
      '',
    );
  }
  out.push(
    'build {',
    `  sources = [${Array.from({ length: sources }, (_, i) => `"source.docker.b${i}"`).join(', ')}]`,
  );
  out.push(
    '  provisioner "shell" {',
    '    inline = ["echo hello > /hello.txt", "ls / > /dev/null"]',
    '  }',
    '}',
    '',
  );
  return out.join('\n');
}

function dir(sources) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-build-'));
  fs.writeFileSync(path.join(d, 'b.pkr.hcl'), template(sources));
  return d;
}

function time(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  for (const id of r.stdout.matchAll(/Imported Docker image: (sha256:[0-9a-f]+)/g))
    spawnSync('docker', ['rmi', '-f', id[1]]);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasPacker = spawnSync('packer', ['version']).status === 0;
const one = dir(1);
const eight = dir(8);
const kilnOne = [];
const packerOne = [];
const kilnEight = [];
for (let i = 0; i < runs; i++) {
  kilnOne.push(time(process.execPath, [cli, 'build', '-color=false', '.'], one));
  if (hasPacker) packerOne.push(time('packer', ['build', '-color=false', '.'], one));
  kilnEight.push(time(process.execPath, [cli, 'build', '-color=false', '.'], eight));
}
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log('| measure | wall (median of ' + runs + ') |');
console.log('| --- | --- |');
console.log(`| kiln build, 1 docker build | ${fmt(median(kilnOne))} |`);
if (hasPacker)
  console.log(
    `| packer build (${spawnSync('packer', ['version'], { encoding: 'utf8' }).stdout.trim()}), same template | ${fmt(median(packerOne))} |`,
  );
console.log(
  `| kiln build, 8 docker builds in parallel | ${fmt(median(kilnEight))} (${(median(kilnEight) / median(kilnOne)).toFixed(2)}× one build) |`,
);
for (const d of [one, eight]) fs.rmSync(d, { recursive: true, force: true });
