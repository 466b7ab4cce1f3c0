#!/usr/bin/env node
// Benchmarks for the HCL2 language core (issue: parse + evaluate + format on a generated ~350 KB
// template). Run with `npm run bench` (compiles src/ to build/ first). Prints a Markdown table that is
// pasted into docs/benchmarks.md.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generate } = require('./gen-template');

const root = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-'));
const dir = path.join(work, 'big');
fs.mkdirSync(dir);
const template = path.join(dir, 'big.pkr.hcl');
fs.writeFileSync(template, generate());
const size = fs.statSync(template).size;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function ms(n) {
  return `${n.toFixed(0)} ms`;
}

/** Runs `fn` `runs` times in this process; returns [first, median] wall times in ms. */
function timeInProcess(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return [times[0], median(times)];
}

// Some machines set NODE_EXTRA_CA_CERTS, which makes every node process parse a CA bundle at start-up
// (~0.2 s here). GitHub's runners do not set it, so whole-command timings run without it.
const benchEnv = { ...process.env };
delete benchEnv.NODE_EXTRA_CA_CERTS;

/** Wall time of a whole command (process start included), median of `runs`. */
function timeCommand(cmd, args, runs, okCodes = [0]) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: benchEnv });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!okCodes.includes(r.status))
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

const src = fs.readFileSync(template, 'utf8');
const { parseConfig } = require(path.join(root, 'build/src/hcl/syntax/parser'));
const { formatHCL } = require(path.join(root, 'build/src/hcl/format/format'));
const { loadTemplateScope } = require(path.join(root, 'build/src/template/scope'));

const rows = [];
const coldRows = [];
const [parseCold, parseWarm] = timeInProcess(() => parseConfig(src, 'big.pkr.hcl'), 10);
rows.push(['parse (scan + parse)', ms(parseCold), ms(parseWarm)]);
const [fmtCold, fmtWarm] = timeInProcess(() => formatHCL(src, 'big.pkr.hcl'), 10);
rows.push(['format (in process)', ms(fmtCold), ms(fmtWarm)]);
const loadOpts = { path: dir, cwd: work, env: {}, vars: [], varFiles: [] };
// The components, as the CLI (the composition root) passes them to the template layer.
const requireComponents = `
  const { builtinDataSources, builtinRegistry } = require(${JSON.stringify(path.join(root, 'build/src/components/catalog'))});
  const components = () => ({ registry: builtinRegistry(), dataSourceRuntimes: builtinDataSources() });
`;
// Loading is asynchronous (data sources may run), so the ten loads are timed in a child process.
const evalScript = `
  const { loadTemplateScope } = require(${JSON.stringify(path.join(root, 'build/src/template/scope'))});
  ${requireComponents}
  (async () => {
    const times = [];
    for (let i = 0; i < 10; i++) {
      const t0 = process.hrtime.bigint();
      const r = await loadTemplateScope({ ...${JSON.stringify(loadOpts)}, ...components() });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(JSON.stringify(r.diagnostics[0]));
    }
    process.stdout.write(JSON.stringify(times));
  })();
`;
const evalTimes = JSON.parse(execFileSync(process.execPath, ['-e', evalScript]).toString());
const [evalCold, evalWarm] = [evalTimes[0], median(evalTimes)];
rows.push(['parse + evaluate (2,000 variables, 2,000 locals)', ms(evalCold), ms(evalWarm)]);

// Cold runs: a CLI parses once, in a fresh process, before the JIT has warmed up. CPU time includes
// V8's helper threads (parallel GC, background compilation); GC is the time V8 reports for it.
const coldScript = `
  const { PerformanceObserver } = require('node:perf_hooks');
  let gc = 0;
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) gc += e.duration; });
  obs.observe({ entryTypes: ['gc'] });
  const src = require('node:fs').readFileSync(${JSON.stringify(template)}, 'utf8');
  const { parseConfig } = require(${JSON.stringify(path.join(root, 'build/src/hcl/syntax/parser'))});
  const { formatHCLChecked } = require(${JSON.stringify(path.join(root, 'build/src/hcl/format/format'))});
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (process.argv[1] === 'fmt') formatHCLChecked(src, 'big.pkr.hcl');
  else parseConfig(src, 'big.pkr.hcl');
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  setTimeout(() => {
    obs.disconnect();
    process.stdout.write(JSON.stringify([wall, (c.user + c.system) / 1000, gc]));
  }, 20);
`;
for (const what of ['parse', 'fmt']) {
  const runs = [];
  for (let i = 0; i < 7; i++)
    runs.push(JSON.parse(execFileSync(process.execPath, ['-e', coldScript, what]).toString()));
  const [wall, cpu, gc] = [0, 1, 2].map((k) => median(runs.map((r) => r[k])));
  coldRows.push([what === 'parse' ? 'parseConfig' : 'formatHCLChecked', ms(wall), ms(cpu), ms(gc)]);
}

// Peak memory of a fresh process doing parse + evaluate.
const memScript = `
  const { loadTemplateScope } = require(${JSON.stringify(path.join(root, 'build/src/template/scope'))});
  ${requireComponents}
  loadTemplateScope({ ...${JSON.stringify(loadOpts)}, ...components() }).then(() =>
    process.stdout.write(String(process.resourceUsage().maxRSS)),
  );
`;
const maxRssKB = Number(execFileSync(process.execPath, ['-e', memScript]).toString());

const cli = path.join(root, 'dist/cli/index.js');
const kilnFmt = timeCommand(process.execPath, [cli, 'fmt', '-check', template], 7);
let packerFmt = 'not installed';
let packerVersion = '';
try {
  packerVersion = execFileSync('packer', ['version']).toString().trim().split('\n')[0];
  packerFmt = ms(timeCommand('packer', ['fmt', '-check', template], 7));
} catch {
  // packer is optional: the comparison row says so.
}

console.log(
  `Template: ${(size / 1024).toFixed(0)} KB generated by bench/gen-template.js; ${os.cpus().length} CPUs, node ${process.version}\n`,
);
console.log('| measure | first run | median of 10 |');
console.log('| --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('');
console.log('| cold, fresh process (median of 7) | wall | CPU | GC |');
console.log('| --- | --- | --- | --- |');
for (const r of coldRows) console.log(`| ${r.join(' | ')} |`);
console.log('');
console.log('| whole command, wall time (median of 7) | time |');
console.log('| --- | --- |');
console.log(`| \`kiln fmt -check\` (node dist/cli/index.js) | ${ms(kilnFmt)} |`);
console.log(`| \`packer fmt -check\` (${packerVersion || 'packer'}) | ${packerFmt} |`);
console.log('');
console.log(
  `Peak memory (max RSS) of a process that parses and evaluates the template: ${(maxRssKB / 1024).toFixed(0)} MB`,
);
fs.rmSync(work, { recursive: true, force: true });
