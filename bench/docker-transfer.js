#!/usr/bin/env node
// Docker communicator directory downloads: Kiln's downloadDir (`docker cp` unpacking the tree
// itself; with `exclude`, the archive unpacked by node-tar) against `docker cp c:dir - | tar -x`,
// from a busybox container with a tree of small files (KILN_BENCH_FILES, default 2,000), rounds
// interleaved (KILN_BENCH_ROUNDS, default 3), medians printed.
// Run after compiling: `npx tsc -p tsconfig.json --outDir build && node bench/docker-transfer.js`
// (needs DOCKER_HOST with the kiln-test/busybox image: `. /tmp/kiln-test-env/env.sh`).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const build = path.resolve(process.env.KILN_BENCH_BUILD || path.join(root, 'build'));
const { DockerCommunicator } = require(path.join(build, 'src/communicators/docker/communicator.js'));

const FILES = Number(process.env.KILN_BENCH_FILES || 2000);
const ROUNDS = Number(process.env.KILN_BENCH_ROUNDS || 3);

function docker(...args) {
  const r = spawnSync('docker', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker ${args[0]}: ${r.stderr}`);
  return r.stdout.trim();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const countFiles = (dir) =>
  Number(
    spawnSync('sh', ['-c', `find '${dir}' -type f | wc -l`])
      .stdout.toString()
      .trim(),
  );

async function main() {
  const container = docker('run', '-d', 'kiln-test/busybox:latest', 'sleep', '3600');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-docker-'));
  try {
    docker(
      'exec',
      container,
      'sh',
      '-c',
      `i=0; while [ $i -lt ${FILES} ]; do d=/tree/d$((i / 100)); mkdir -p $d; echo "file $i" > $d/f$i.txt; i=$((i + 1)); done`,
    );
    const communicator = new DockerCommunicator(container);
    const signal = new AbortController().signal;
    const cases = {
      'kiln downloadDir': async (dest) => communicator.downloadDir('/tree/', dest, [], signal),
      'kiln downloadDir, exclude (node-tar)': async (dest) =>
        communicator.downloadDir('/tree/', dest, ['none-such'], signal),
      'docker cp | tar -x': async (dest) => {
        const r = spawnSync('sh', [
          '-c',
          `docker cp ${container}:/tree - | tar -x -C '${dest}' --strip-components=1`,
        ]);
        if (r.status !== 0) throw new Error(r.stderr.toString());
      },
    };
    const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(cases)) {
        const dest = fs.mkdtempSync(path.join(scratch, 'dl-'));
        const t = process.hrtime.bigint();
        await run(dest);
        times[name].push(Number(process.hrtime.bigint() - t) / 1e6);
        const n = countFiles(dest);
        if (n !== FILES) throw new Error(`${name}: ${n} files, expected ${FILES}`);
        fs.rmSync(dest, { recursive: true, force: true });
      }
    }
    console.log(`downloadDir of ${FILES} files, medians of ${ROUNDS}:`);
    for (const [name, xs] of Object.entries(times))
      console.log(`  ${name.padEnd(40)} ${median(xs).toFixed(0)} ms`);
  } finally {
    docker('rm', '-f', container);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
