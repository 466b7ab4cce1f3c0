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
// KILN_DIST: time another build's dist/ directory (e.g. one from an older commit) instead.
const dist = process.env.KILN_DIST ? path.resolve(process.env.KILN_DIST) : path.join(root, 'dist');
const cli = path.join(dist, 'cli/index.js');
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

/**
 * The Docker engine's floor: the same docker commands one build runs (image inspect, run, the
 * provisioner's three execs, commit, rm), with no Kiln at all — once, and 8 times in parallel.
 */
const FLOOR_SCRIPT = `
one() {
  docker image inspect kiln-test/busybox:latest > /dev/null
  id=$(docker run -d -i -t --entrypoint=/bin/sh kiln-test/busybox:latest)
  echo 'echo hello > /hello.txt; ls / > /dev/null' | docker exec -i "$id" sh -c 'cat > /tmp/script.sh'
  docker exec "$id" /bin/sh -c 'chmod 0755 /tmp/script.sh; /tmp/script.sh'
  docker exec "$id" /bin/sh -c 'rm -f /tmp/script.sh'
  img=$(docker commit "$id")
  docker rm -f -v "$id" > /dev/null
  docker rmi "$img" > /dev/null
}
for i in $(seq "$1"); do one & done
wait
`;

/** CPU seconds used by the whole machine (user + system + irq) so far, from /proc/stat. */
function machineCpu() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return (f[1] + f[2] + f[3] + f[6] + f[7]) / 100;
  } catch {
    return NaN;
  }
}

function timeWithCpu(cmd, args, cwd) {
  const c0 = machineCpu();
  const ms = time(cmd, args, cwd);
  return { ms, cpu: machineCpu() - c0 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasPacker = spawnSync('packer', ['version']).status === 0;
const one = dir(1);
const eight = dir(8);
const kilnOne = [];
const packerOne = [];
const kilnEight = [];
const floorOne = [];
const floorEight = [];
const cpu = { kilnOne: [], kilnEight: [], floorOne: [], floorEight: [] };
for (let i = 0; i < runs; i++) {
  let r = timeWithCpu(process.execPath, [cli, 'build', '-color=false', '.'], one);
  kilnOne.push(r.ms);
  cpu.kilnOne.push(r.cpu);
  if (hasPacker) packerOne.push(time('packer', ['build', '-color=false', '.'], one));
  r = timeWithCpu(process.execPath, [cli, 'build', '-color=false', '.'], eight);
  kilnEight.push(r.ms);
  cpu.kilnEight.push(r.cpu);
  r = timeWithCpu('sh', ['-c', FLOOR_SCRIPT, 'floor', '1'], one);
  floorOne.push(r.ms);
  cpu.floorOne.push(r.cpu);
  r = timeWithCpu('sh', ['-c', FLOOR_SCRIPT, 'floor', '8'], one);
  floorEight.push(r.ms);
  cpu.floorEight.push(r.cpu);
}
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const cpuOf = (xs) => `${median(xs).toFixed(1)} CPU-s`;
console.log(`Machine: ${os.cpus().length} CPUs.\n`);
console.log('| measure | wall (median of ' + runs + ') | machine CPU used |');
console.log('| --- | --- | --- |');
console.log(`| kiln build, 1 docker build | ${fmt(median(kilnOne))} | ${cpuOf(cpu.kilnOne)} |`);
if (hasPacker)
  console.log(
    `| packer build (${spawnSync('packer', ['version'], { encoding: 'utf8' }).stdout.trim()}), same template | ${fmt(median(packerOne))} | |`,
  );
console.log(
  `| kiln build, 8 docker builds in parallel | ${fmt(median(kilnEight))} (${(median(kilnEight) / median(kilnOne)).toFixed(2)}× one build) | ${cpuOf(cpu.kilnEight)} |`,
);
console.log(
  `| docker commands alone (no Kiln), 1 build's worth | ${fmt(median(floorOne))} | ${cpuOf(cpu.floorOne)} |`,
);
console.log(
  `| docker commands alone, 8 in parallel | ${fmt(median(floorEight))} (${(median(floorEight) / median(floorOne)).toFixed(2)}× one) | ${cpuOf(cpu.floorEight)} |`,
);
for (const d of [one, eight]) fs.rmSync(d, { recursive: true, force: true });
