#!/usr/bin/env node
// Benchmark for the plugin bridge (issue 16), against the real packer-plugin-docker v1.1.2 built by
// test-env/build-plugins.sh and the test env's Docker engine (DOCKER_HOST) with kiln-test/busybox:
//   1. start-up: from spawning `<plugin> start builder` to the handshake and the RPC connection,
//      the first ConfigSpec, Prepare, and the first Ui.Say of Run ("Creating a temporary
//      directory…"); with `<plugin> describe` (a bare Go process start) for scale;
//   2. per-RPC overhead: Builder.ConfigSpec round trips on one connection (a ~5 KB protobuf reply
//      each), one after another and 16 at a time;
//   3. the same docker template (shell provisioner, commit) built by `kiln build` with Kiln's native
//      docker builder and through the plugin (KILN_PLUGINS=external), interleaved — the issue's
//      target is plugin ≤ 1.2× native; and examples/quickstart the same way (its docker-tag runs
//      through the plugin too);
//   4. the docker CLI calls of each side, counted and timed, and the time outside them.
// Uses the tsc build in build/ (run `npx tsc -p tsconfig.json --outDir build` first, as `npm run bench`
// does). Prints Markdown. Usage: node bench/plugin-bridge.js [runs]   (default 5)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const build = path.join(root, 'build', 'src');
const cli = path.join(build, 'cli', 'index.js');
const runs = Number(process.argv[2] || 5);
const { launchComponent } = require(path.join(build, 'plugins/launch'));
const { BuilderClient } = require(path.join(build, 'plugins/clients/builder'));
const { encodeConfigValue } = require(path.join(build, 'plugins/hcl-spec'));
const { runBridgedBuilder } = require(path.join(build, 'plugins/bridged-builder'));
const { describePlugin } = require(path.join(build, 'plugins/describe'));

const cache =
  process.env.KILN_PLUGIN_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kiln', 'plugins');
const binary = path.join(cache, 'github.com/hashicorp/docker/packer-plugin-docker_v1.1.2_x5.0_linux_amd64');
if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: bash test-env/build-plugins.sh docker`);
const IMAGE = 'kiln-test/busybox:latest';
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS; // GitHub's runners do not set it; it costs ~0.2 s per node start
delete env.KILN_PLUGINS;
delete env.PACKER_LOG;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const msText = (ms) => (ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`);

const CORE = {
  packer_build_name: 'bench',
  packer_builder_type: 'docker',
  packer_core_version: '1.11.2',
  packer_debug: 'false',
  packer_force: 'false',
  packer_on_error: 'cleanup',
};

function start() {
  return launchComponent({ binary, kind: 'builder', name: '-packer-default-plugin-name-', label: 'docker' });
}

/** One plugin start timed to its first Ui.Say; the build (discard) then runs to its end. */
async function startUp() {
  const t0 = now();
  const component = await start();
  const connected = now();
  const builder = new BuilderClient(component);
  const spec = await builder.configSpec();
  const specDone = now();
  let prepared = 0;
  let firstSay = 0;
  const say = (text) => {
    if (firstSay === 0) firstSay = now();
    return text;
  };
  const ui = {
    say,
    message: () => undefined,
    error: () => undefined,
    output: () => undefined,
    addSecret: () => undefined,
  };
  const run = await runBridgedBuilder({
    component,
    configs: [CORE, encodeConfigValue(spec, { image: IMAGE, pull: false, discard: true })],
    ui,
    signal: new AbortController().signal,
    provision: () => Promise.resolve(),
    onPrepared: () => (prepared = now()),
  });
  await run.close();
  return {
    connect: connected - t0,
    configSpec: specDone - connected,
    prepare: prepared - specDone,
    firstSay: firstSay - t0,
  };
}

async function rpcOverhead(n) {
  const component = await start();
  const builder = new BuilderClient(component);
  await builder.configSpec();
  const one = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await builder.configSpec();
    one.push(now() - t0);
  }
  const t0 = now();
  for (let i = 0; i < n / 16; i++) await Promise.all(Array.from({ length: 16 }, () => builder.configSpec()));
  const concurrent = (now() - t0) / n;
  await component.close();
  return { sequential: median(one), concurrent };
}

function template() {
  return [
    'source "docker" "b" {',
    `  image  = "${IMAGE}"`,
    '  pull   = false',
    '  commit = true',
    '}',
    '',
    'build {',
    '  sources = ["source.docker.b"]',
    '  provisioner "shell" {',
    '    inline = ["echo hello > /hello.txt", "ls / > /dev/null"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

function timeBuild(dir, extraEnv, args = []) {
  const t0 = now();
  const r = spawnSync(process.execPath, [cli, 'build', '-color=false', ...args, '.'], {
    cwd: dir,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
  });
  const ms = now() - t0;
  if (r.status !== 0) throw new Error(`kiln build failed:\n${r.stdout}\n${r.stderr}`);
  for (const id of r.stdout.matchAll(/Imported Docker image: (sha256:[0-9a-f]+)/g))
    spawnSync('docker', ['rmi', '-f', id[1]]);
  for (const tag of r.stdout.matchAll(/Imported Docker image: (\S+) with tags/g))
    spawnSync('docker', ['rmi', '-f', tag[1]]);
  return ms;
}

/** examples/quickstart (shell and file provisioners, docker-tag and manifest), on the test image. */
const QUICKSTART_ARGS = [`-var=base_image=${IMAGE}`, '-var=app_name=bench-bridge'];
function quickstartCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-quickstart-'));
  fs.cpSync(path.join(root, 'examples', 'quickstart'), dir, { recursive: true });
  return dir;
}

/** `kiln validate` (template loading, plugin discovery, ConfigSpec and Prepare; no build). */
function timeValidate(dir, extraEnv) {
  const t0 = now();
  const r = spawnSync(process.execPath, [cli, 'validate', '.'], { cwd: dir, env: { ...env, ...extraEnv } });
  if (r.status !== 0) throw new Error(`kiln validate failed: ${r.stdout}${r.stderr}`);
  return now() - t0;
}

/**
 * The docker CLI calls of one build, by subcommand, through a `docker` first on PATH that logs each
 * call and its wall time (median over `n` builds of the total time spent in docker calls).
 */
function dockerCalls(dir, extraEnv, n) {
  const real = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim();
  const shim = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-docker-'));
  const log = path.join(shim, 'calls');
  // bash's own clock: no `date` processes inside or around the call.
  const script = (target) =>
    `#!/bin/bash\nt0=$EPOCHREALTIME\n${target} "$@"\nrc=$?\nt1=$EPOCHREALTIME\n` +
    `echo "$1 $(( (\${t1/./} - \${t0/./}) ))" >> ${log}\nexit $rc\n`;
  fs.writeFileSync(path.join(shim, 'docker'), script(real), { mode: 0o755 });
  // What the shim itself adds to each call (bash's start, outside the timed part): for the record.
  const noop = path.join(shim, 'noop');
  fs.writeFileSync(noop, script('true'), { mode: 0o755 });
  const overhead = [];
  for (let i = 0; i < 20; i++) {
    const t0 = now();
    spawnSync(noop, ['x']);
    overhead.push(now() - t0);
  }
  const totals = [];
  const outside = [];
  let calls = [];
  for (let i = 0; i < n; i++) {
    fs.rmSync(log, { force: true });
    const build = timeBuild(dir, { ...extraEnv, PATH: `${shim}:${env.PATH}` });
    calls = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const inDocker =
      calls.reduce((sum, [, us]) => sum + Number(us) / 1e3, 0) + calls.length * median(overhead);
    totals.push(inDocker);
    outside.push(build - inDocker);
  }
  fs.rmSync(shim, { recursive: true, force: true });
  const by = {};
  for (const [c] of calls) by[c] = (by[c] ?? 0) + 1;
  // Each call's shim start is counted as the call's; the time outside is taken per build.
  return { total: calls.length, by, ms: median(totals), outside: median(outside), shim: median(overhead) };
}

async function main() {
  // 1. Start-up.
  const describeTimes = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    spawnSync(binary, ['describe']);
    describeTimes.push(now() - t0);
  }
  const starts = [];
  for (let i = 0; i < runs; i++) starts.push(await startUp());
  const m = (k) => median(starts.map((s) => s[k]));

  // 2. Per-RPC overhead.
  const rpc = await rpcOverhead(320);

  // 3. Whole builds, interleaved.
  const plugins = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-plugins-'));
  const d = await describePlugin(binary);
  const installed = path.join(
    plugins,
    'github.com/hashicorp/docker',
    path.basename(binary).replace(/_v[^_]+_x5\.0_/, `_v${d.version}_x5.0_`),
  );
  fs.mkdirSync(path.dirname(installed), { recursive: true });
  fs.symlinkSync(binary, installed);
  fs.copyFileSync(`${binary}_SHA256SUM`, `${installed}_SHA256SUM`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-bridge-'));
  fs.writeFileSync(path.join(dir, 'b.pkr.hcl'), template());
  const external = { KILN_PLUGINS: 'external', PACKER_PLUGIN_PATH: plugins };
  const native = [];
  const bridged = [];
  const nativeValidate = [];
  const bridgedValidate = [];
  const quickstart = quickstartCopy();
  const nativeQuickstart = [];
  const bridgedQuickstart = [];
  timeBuild(dir, {}); // warm-up: the code cache, the engine's image cache
  for (let i = 0; i < runs; i++) {
    native.push(timeBuild(dir, {}));
    bridged.push(timeBuild(dir, external));
    nativeQuickstart.push(timeBuild(quickstart, {}, QUICKSTART_ARGS));
    bridgedQuickstart.push(timeBuild(quickstart, external, QUICKSTART_ARGS));
    nativeValidate.push(timeValidate(dir, {}));
    bridgedValidate.push(timeValidate(dir, external));
  }
  const calls = { native: dockerCalls(dir, {}, runs), bridged: dockerCalls(dir, external, runs) };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(quickstart, { recursive: true, force: true });
  fs.rmSync(plugins, { recursive: true, force: true });

  const load = os.loadavg()[0].toFixed(1);
  console.log(`Machine: ${os.cpus().length} CPUs, load average ${load} when done. Medians of ${runs}.\n`);
  console.log('| measure | time |');
  console.log('| --- | --- |');
  console.log(`| \`<plugin> describe\` (a Go process start, for scale) | ${msText(median(describeTimes))} |`);
  console.log(`| spawn → handshake → yamux + RPC client ready | ${msText(m('connect'))} |`);
  console.log(`| first Builder.ConfigSpec | ${msText(m('configSpec'))} |`);
  console.log(`| Builder.Prepare | ${msText(m('prepare'))} |`);
  console.log(`| **spawn → first Ui.Say of Run** | **${msText(m('firstSay'))}** |`);
  console.log(`| Builder.ConfigSpec round trip, one at a time | ${msText(rpc.sequential)} |`);
  console.log(`| Builder.ConfigSpec, 16 in flight (per call) | ${msText(rpc.concurrent)} |`);
  console.log(`| kiln build, native docker builder | ${msText(median(native))} |`);
  console.log(
    `| kiln build, through packer-plugin-docker (KILN_PLUGINS=external) | ${msText(median(bridged))} (**${(median(bridged) / median(native)).toFixed(2)}×** native) |`,
  );
  console.log(
    `| examples/quickstart, native (docker builder, shell + file, docker-tag + manifest) | ${msText(median(nativeQuickstart))} |`,
  );
  console.log(
    `| examples/quickstart, through packer-plugin-docker (builder and docker-tag) | ${msText(median(bridgedQuickstart))} (**${(median(bridgedQuickstart) / median(nativeQuickstart)).toFixed(2)}×** native) |`,
  );
  console.log(`| kiln validate, native | ${msText(median(nativeValidate))} |`);
  console.log(
    `| kiln validate, through the plugin (describe, ConfigSpec, Prepare) | ${msText(median(bridgedValidate))} |`,
  );
  const list = (c) =>
    `${c.total}: ${Object.entries(c.by)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`;
  console.log(
    `\ndocker CLI calls per build — native: ${list(calls.native)}; plugin: ${list(calls.bridged)}.`,
  );
  // What is left once each side's own docker CLI time is taken out: Kiln's work, and the bridge's.
  console.log(
    `Time in docker CLI calls per build (median of ${runs}, through a timing shim whose own ${msText(calls.native.shim)} a call is counted as the call's) — native: ${msText(calls.native.ms)}, ` +
      `plugin: ${msText(calls.bridged.ms)}. The build's time outside them, per shimmed build — native: ${msText(calls.native.outside)}, ` +
      `plugin: ${msText(calls.bridged.outside)} (the bridge's own cost: ${msText(calls.bridged.outside - calls.native.outside)}).`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
