#!/usr/bin/env node
// Benchmark for the action's plugin cache (issue 17: "a warm-cache action run adds under 1 s"):
// whole action runs (node <dist>/index.js as the runner starts it, inputs in INPUT_* variables,
// the GITHUB_* command files in RUNNER_TEMP) of `validate` on a template requiring kilnfixture
// 1.0.0, with the real @actions/cache talking to the cache service v2 on loopback
// (__tests__/support/actions-cache-v2-server.ts) and the plugin served in the official release
// site's layout over HTTPS on loopback with a CA made for the run
// (__tests__/support/plugin-releases.ts, the integration tests' servers). Three cases, interleaved
// (one of each per round, so that the shared machine's load drifts over all three alike), median of
// N rounds:
//   baseline  the same template without its packer block: no init, no cache;
//   cold      empty cache service, empty plugin directory: init downloads and installs, the
//             directory is saved to the cache (created, uploaded, finalized);
//   warm      the cache service holding the cold run's entry, an empty plugin directory (a fresh
//             runner): restored, then init with zero plugin requests.
// Every run is a fresh runner: its own RUNNER_TEMP and Kiln cache (XDG_CACHE_HOME), the lock file
// absent (not committed), the same plugin directory path (the cache's version covers the paths).
// Each run is checked (exit code, "The configuration is valid.", requests, the summary's source of
// the plugin), so a broken cache cannot pass for a fast one. Needs the release fixtures
// (test-env/build-release-fixtures.sh) and openssl.
// Usage: node bench/action-plugin-cache.js [rounds]   (KILN_DIST=DIR: time another build's dist/,
// e.g. fresh ncc bundles of the sources: index.js, cli/template/, actions-cache/)
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// The test support servers are TypeScript: transpiled on load, as scripts/build.js reads sources.
require('../scripts/run-ts');
const releases = require('../__tests__/support/plugin-releases.ts');
const { startCacheV2Server } = require('../__tests__/support/actions-cache-v2-server.ts');

const dist = process.env.KILN_DIST ? path.resolve(process.env.KILN_DIST) : path.join(root, 'dist');
const main = path.join(dist, 'index.js');
const rounds = Number(process.argv[2] || 5);
// One action run may not hang the bench.
const RUN_TIMEOUT_MS = 120_000;

const PACKER_BLOCK = `packer {
  required_plugins {
    kilnfixture = {
      source  = "github.com/hashicorp/kilnfixture"
      version = "~> 1.0"
    }
  }
}
`;
const BODY = `source "null" "n" {
  communicator = "none"
}

build {
  sources = ["source.null.n"]
}
`;

// Lines the action prints, to split a run into phases.
const MARKERS = {
  group: '::group::Plugins (kiln init)',
  looked: 'No plugin cache for ',
  restored: 'Plugins restored from the cache',
  locked: 'Wrote the lock file',
  saved: 'Plugins saved to the cache',
  endgroup: '::endgroup::',
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** One action run on a fresh runner: ms from spawn to exit, its stdout+stderr and step summary. */
function runAction(work, inputs, extraEnv) {
  const temp = fs.mkdtempSync(path.join(work, 'runner-'));
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary' };
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: path.join(work, 'repo'),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo/images',
    RUNNER_TEMP: temp,
    TMPDIR: temp,
    // A fresh runner: no code cache, no remembered plugin checksums.
    XDG_CACHE_HOME: path.join(temp, 'cache'),
    ...extraEnv,
  };
  for (const [k, f] of Object.entries(files)) {
    env[k] = path.join(temp, f);
    fs.writeFileSync(env[k], '');
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [main], { cwd: env.GITHUB_WORKSPACE, env });
    let out = '';
    // When each marker line first appeared (stdout to a pipe is written synchronously on Linux).
    const seen = {};
    child.stdout.on('data', (c) => {
      out += c;
      for (const [name, marker] of Object.entries(MARKERS))
        if (seen[name] === undefined && out.includes(marker))
          seen[name] = Number(process.hrtime.bigint() - t0) / 1e6;
    });
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const summary = fs.readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
      if (code !== 0 || !out.includes('The configuration is valid.') || /^::(warning|error)/m.test(out)) {
        reject(new Error(`action exited ${code ?? signal}:\n${out}\n${summary}`));
      } else resolve({ ms, out, summary, seen });
    });
  });
}

async function bench() {
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: node scripts/build.js, or set KILN_DIST`);
  const missing = [releases.fixtureBinary('1.0.0')].filter((f) => !fs.existsSync(f));
  if (missing.length > 0)
    throw new Error(`${missing[0]} is missing: bash test-env/build-release-fixtures.sh`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-action-cache-'));
  const closers = [];
  try {
    fs.mkdirSync(path.join(work, 'tls'));
    const tls = releases.makeTls(path.join(work, 'tls'));
    const server = await releases.startReleaseServer(tls);
    closers.push(() => server.close());
    await releases.publishOfficial(server, 'kilnfixture', ['1.0.0']);

    const repo = path.join(work, 'repo');
    fs.mkdirSync(path.join(repo, 'plain'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'tpl'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'plain', 'main.pkr.hcl'), BODY);
    fs.writeFileSync(path.join(repo, 'tpl', 'main.pkr.hcl'), `${PACKER_BLOCK}\n${BODY}`);
    const lock = path.join(repo, 'tpl', '.kiln.lock.hcl');
    // The same path on every runner, emptied before each run.
    const plugins = path.join(work, 'plugins');
    const freshRunner = () => {
      fs.rmSync(lock, { force: true });
      fs.rmSync(plugins, { recursive: true, force: true });
      server.requests.length = 0;
    };
    const runnerEnv = (cache) => ({
      ...releases.releaseEnv(server, tls, plugins),
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: cache.url,
      ACTIONS_RUNTIME_TOKEN: cache.token,
    });
    const inputs = (template) => ({ command: 'validate', template, 'github-token': 'job-token' });

    const times = { baseline: [], cold: [], warm: [] };
    const seen = { cold: [], warm: [] };
    const requests = { baseline: new Set(), cold: new Set(), warm: new Set() };
    let entryBytes = 0;
    for (let i = 0; i < rounds; i++) {
      // Baseline: the cache service is there, but a template without required_plugins never asks it.
      const idle = await startCacheV2Server();
      closers.push(() => idle.close());
      freshRunner();
      const b = await runAction(work, inputs('plain'), runnerEnv(idle));
      times.baseline.push(b.ms);
      requests.baseline.add(`${server.requests.length} plugin, ${idle.requests.length} cache`);
      await idle.close();

      // Cold: an empty cache service.
      const cache = await startCacheV2Server();
      closers.push(() => cache.close());
      freshRunner();
      const c = await runAction(work, inputs('tpl'), runnerEnv(cache));
      if (server.requests.length !== 4 || cache.entries.size !== 1 || !c.summary.includes('installed from')) {
        throw new Error(
          `cold run: ${server.requests.length} plugin requests, ${cache.entries.size} cache entries:\n${c.out}`,
        );
      }
      times.cold.push(c.ms);
      seen.cold.push({ start: 0, ...c.seen, exit: c.ms });
      requests.cold.add(
        `${server.requests.length} plugin, ${cache.requests.length} cache (${cache.requests.map((r) => r.line).join(', ')})`,
      );
      entryBytes = [...cache.entries.values()][0].sizeBytes;

      // Warm: the same service, holding the cold run's entry; a fresh runner.
      cache.requests.length = 0;
      freshRunner();
      const w = await runAction(work, inputs('tpl'), runnerEnv(cache));
      if (server.requests.length !== 0 || !w.summary.includes('from the cache')) {
        throw new Error(`warm run: ${server.requests.length} plugin requests:\n${w.out}\n${w.summary}`);
      }
      times.warm.push(w.ms);
      seen.warm.push({ start: 0, ...w.seen, exit: w.ms });
      requests.warm.add(
        `${server.requests.length} plugin, ${cache.requests.length} cache (${cache.requests.map((r) => r.line).join(', ')})`,
      );
      await cache.close();
    }

    const base = median(times.baseline);
    console.log(
      `action validate, median of ${rounds} rounds (${main}), plugin binary ${(
        fs.statSync(releases.fixtureBinary('1.0.0')).size / 1e6
      ).toFixed(1)} MB, cache entry ${(entryBytes / 1e6).toFixed(1)} MB, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}:\n`,
    );
    console.log(
      '| case | whole action (median) | range | − baseline | requests |\n| --- | --- | --- | --- | --- |',
    );
    const labels = {
      baseline: 'baseline: no required_plugins',
      cold: 'cold: empty cache, empty plugin directory',
      warm: 'warm: cache holds the entry, empty plugin directory',
    };
    for (const k of ['baseline', 'cold', 'warm']) {
      const m = median(times[k]);
      console.log(
        `| ${labels[k]} | ${m.toFixed(0)} ms | ${spread(times[k])} ms | ${
          k === 'baseline' ? '' : `${(m - base).toFixed(0)} ms`
        } | ${[...requests[k]].join('; ')} |`,
      );
    }
    // Where the time goes, from the lines the action prints (medians of each phase over the rounds).
    const phase = (k, from, to) => `${median(seen[k].map((s) => s[to] - s[from])).toFixed(0)} ms`;
    console.log('\n| phase (median) | cold | warm |\n| --- | --- | --- |');
    console.log(
      `| start → the plugins group | ${phase('cold', 'start', 'group')} | ${phase('warm', 'start', 'group')} |`,
    );
    console.log(
      `| cache: lookup (cold), restore (warm) | ${phase('cold', 'group', 'looked')} | ${phase('warm', 'group', 'restored')} |`,
    );
    console.log(
      `| init (to the lock file written) | ${phase('cold', 'looked', 'locked')} | ${phase('warm', 'restored', 'locked')} |`,
    );
    console.log(`| cache: save | ${phase('cold', 'locked', 'saved')} | — |`);
    console.log(
      `| the group's end → exit (validate) | ${phase('cold', 'endgroup', 'exit')} | ${phase('warm', 'endgroup', 'exit')} |`,
    );
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

bench().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
