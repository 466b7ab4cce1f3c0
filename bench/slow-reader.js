#!/usr/bin/env node
// Memory of `kiln build` when its output is read slowly (issue 20 item 9). A shell-local
// provisioner prints SIZE_MB megabytes of lines; the bench reads Kiln's standard output through a
// pipe, first pausing for PAUSE_S seconds (as a stalled `| less` or a slow log shipper), and
// samples the kiln process's resident memory (VmRSS) every 100 ms. Reported: the peak RSS with the
// paused reader and with a prompt one, and the bytes received (all of them, in both cases).
// Usage: node scripts/build.js && node bench/slow-reader.js [SIZE_MB] [PAUSE_S]
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = process.env.KILN_CLI || path.join(root, 'dist', 'cli', 'index.js'); // KILN_CLI: compare another build
const sizeMb = Number(process.argv[2] || 400);
const pauseS = Number(process.argv[3] || 10);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-slow-reader-'));
fs.writeFileSync(
  path.join(dir, 'a.pkr.hcl'),
  'source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n' +
    '  provisioner "shell-local" {\n' +
    `    inline = ["yes 'the quick brown fox jumps over the lazy dog, again and again' | head -c ${sizeMb * 1e6}"]\n` +
    '  }\n}\n',
);

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function run(pauseMs) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [cli, 'build', '-color=false', '.'], { cwd: dir });
    let peak = 0;
    let bytes = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid))), 100);
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (c) => (bytes += c.length));
      child.stdout.resume();
    }, pauseMs);
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({ code, peak, bytes, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

(async () => {
  for (const [name, pause] of [
    [`reader paused ${pauseS} s`, pauseS * 1000],
    ['prompt reader', 0],
  ]) {
    const r = await run(pause);
    console.log(
      `${name}: exit ${r.code}, peak RSS ${r.peak.toFixed(0)} MB, ${(r.bytes / 1e6).toFixed(0)} MB received, ${r.seconds.toFixed(1)} s`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
})();
