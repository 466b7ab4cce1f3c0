#!/usr/bin/env node
// SSH file transfer: Kiln's SSH communicator (both methods: scp, the default, and SFTP; ssh2) against OpenSSH's scp and, where installed,
// Packer (a `null` source over SSH with a `file` provisioner), all on the same local sshd, both
// directions: one big file (KILN_BENCH_BIG_MIB, default 512 MiB) and a tree of small files
// (KILN_BENCH_FILES, default 10,000). Runs are interleaved (Kiln, scp, Packer per round;
// KILN_BENCH_ROUNDS rounds, default 3) and medians are printed, with throughput, the Kiln/scp ratio
// (target >= 80%) and the peak RSS of each (Kiln: growth of this process during the run; scp and
// Packer: max RSS of the child from wait4).
// Run after compiling: `npx tsc -p tsconfig.json --outDir build && node bench/ssh-transfer.js`
// (needs root, /usr/sbin/sshd, scp and ssh-keygen). KILN_BENCH_BUILD=<dir> times another
// compiled tree (e.g. a "before" commit); KILN_BENCH_ONLY=kiln skips scp and Packer;
// KILN_BENCH_CASES=upload|download runs one direction; KILN_BENCH_ADDON=1 lets ssh2 use its native
// addon (dist/ has none); KILN_BENCH_METHODS=scp (or sftp) times one of Kiln's transfer methods.
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// dist/ ships ssh2 without its native crypto addon (built only where npm ran): time what users run,
// unless KILN_BENCH_ADDON=1.
if (process.env.KILN_BENCH_ADDON !== '1') {
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request.endsWith('sshcrypto.node')) throw new Error('no native addon, as in dist/');
    return load.call(this, request, ...rest);
  };
}
const build = path.resolve(process.env.KILN_BENCH_BUILD || path.join(root, 'build'));
const { connectSsh } = require(path.join(build, 'src/communicators/ssh/connect.js'));
// The tests' own sshd starter (its own config, keys and port on 127.0.0.1), compiled alongside.
const { startSshd } = require(path.join(build, '__tests__/support/ssh/sshd.js'));

const MIB = 1024 * 1024;
const BIG = Number(process.env.KILN_BENCH_BIG_MIB || 512) * MIB;
const FILES = Number(process.env.KILN_BENCH_FILES || 10000);
const ROUNDS = Number(process.env.KILN_BENCH_ROUNDS || 3);
const ONLY_KILN = process.env.KILN_BENCH_ONLY === 'kiln';
const HAVE_PACKER = !ONLY_KILN && spawnSync('packer', ['version']).status === 0;

function makeTree(dir) {
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    const size = 1024 + ((i * 7919) % (7 * 1024));
    fs.writeFileSync(path.join(sub, `f${i}.txt`), crypto.randomBytes(size));
    bytes += size;
  }
  return bytes;
}

const countFiles = (dir) =>
  Number(
    spawnSync('sh', ['-c', `find '${dir}' -type f | wc -l`])
      .stdout.toString()
      .trim(),
  );

const ui = { say() {}, message() {}, error() {}, output() {}, addSecret() {} };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a child under /usr/bin/time: wall seconds and max RSS (MiB). */
function timed(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', cmd, ...args], { ...opts, maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}\n${r.stdout}`);
  const rss = Number(/MAXRSS (\d+)/.exec(r.stderr.toString())[1]) / 1024;
  return { secs, rss };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-ssh-'));
  const sshd = await startSshd();
  try {
    const big = path.join(work, 'big.bin');
    const chunk = crypto.randomBytes(MIB);
    const fd = fs.openSync(big, 'w');
    for (let i = 0; i < BIG / MIB; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const tree = path.join(work, 'tree');
    const treeBytes = makeTree(tree);
    // "remote" is the guest's side (the same disk: sshd runs here), "local" the host's.
    const remote = path.join(work, 'remote');
    const local = path.join(work, 'local');
    fs.mkdirSync(remote);
    fs.mkdirSync(local);
    const user = os.userInfo().username;
    const at = (p) => `${user}@127.0.0.1:${p}`;
    const scp = (args) =>
      timed('scp', [
        '-q',
        '-p',
        '-i',
        sshd.key,
        '-P',
        String(sshd.port),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        ...args,
      ]);
    const packer = (provisioner) => {
      const file = path.join(work, 'bench.pkr.hcl');
      fs.writeFileSync(
        file,
        `source "null" "b" {
  communicator = "ssh"
  ssh_host = "127.0.0.1"
  ssh_port = ${sshd.port}
  ssh_username = "${user}"
  ssh_private_key_file = "${sshd.key}"
}
build {
  sources = ["source.null.b"]
  provisioner "file" {
${Object.entries(provisioner)
  .map(([k, v]) => `    ${k} = "${v}"`)
  .join('\n')}
  }
}
`,
      );
      return timed('packer', ['build', '-color=false', file], {
        cwd: work,
        env: { ...process.env, PACKER_CHECKPOINT_DISABLE: '1' },
      });
    };
    const METHODS = (process.env.KILN_BENCH_METHODS || 'scp,sftp').split(',');
    const connect = (method) =>
      connectSsh(
        {
          fileTransferMethod: method,
          host: '127.0.0.1',
          port: sshd.port,
          username: user,
          password: '',
          privateKeyFile: sshd.key,
          certificateFile: '',
          keyPairName: '',
          temporaryKeyPair: { name: '', type: 'rsa', bits: 0 },
          agentAuth: false,
          disableAgentForwarding: true,
          clearAuthorizedKeys: false,
          pty: false,
          ciphers: [],
          keyExchangeAlgorithms: [],
          timeoutMs: 10000,
          handshakeAttempts: 3,
          keepAliveIntervalMs: 0,
        },
        ui,
        new AbortController().signal,
      );
    const comms = {};
    for (const m of METHODS) comms[`kiln-${m}`] = await connect(m);
    const signal = new AbortController().signal;
    const kiln = async (fn, comm) => {
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t0 = process.hrtime.bigint();
      await fn(comm);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(sampler);
      return { secs, rss: (peak - baseline) / MIB };
    };
    // Each case's destination is removed before each timed run (reset), outside the timing: removing
    // the previous tool's 10,000 files costs seconds on a busy disk.
    const remove = (p) => fs.rmSync(p, { recursive: true, force: true });
    const bigRemote = path.join(remote, 'big.bin');
    fs.copyFileSync(big, bigRemote);
    const treeRemote = path.join(remote, 'tree');
    fs.cpSync(tree, treeRemote, { recursive: true });
    const mb = BIG / MIB;

    const cases = [
      {
        name: `upload, ${mb} MiB file`,
        reset: () => remove(path.join(remote, 'big.up')),
        unit: (s) => `${(mb / s).toFixed(mb / s < 10 ? 1 : 0)} MiB/s`,
        check: () => fs.statSync(path.join(remote, 'big.up')).size === BIG,
        kiln: (comm) =>
          comm.upload(path.join(remote, 'big.up'), fs.createReadStream(big), { mode: 0o644 }, signal),
        scp: () => scp([big, at(path.join(remote, 'big.up'))]),
        packer: () => packer({ source: big, destination: path.join(remote, 'big.up') }),
      },
      {
        name: `download, ${mb} MiB file`,
        reset: () => remove(path.join(local, 'big.down')),
        unit: (s) => `${(mb / s).toFixed(mb / s < 10 ? 1 : 0)} MiB/s`,
        check: () => fs.statSync(path.join(local, 'big.down')).size === BIG,
        kiln: async (comm) => {
          const out = fs.createWriteStream(path.join(local, 'big.down'));
          await comm.download(bigRemote, out, signal);
          await new Promise((resolve) => out.end(resolve));
        },
        scp: () => scp([at(bigRemote), path.join(local, 'big.down')]),
        packer: () =>
          packer({
            source: bigRemote,
            destination: path.join(local, 'big.down'),
            direction: 'download',
          }),
      },
      {
        name: `upload, ${FILES} files (${(treeBytes / MIB).toFixed(0)} MiB)`,
        reset: () => remove(path.join(remote, 'up')),
        unit: (s) => `${(FILES / s).toFixed(FILES / s < 10 ? 1 : 0)} files/s`,
        check: () => countFiles(path.join(remote, 'up')) === FILES,
        kiln: (comm) => comm.uploadDir(path.join(remote, 'up'), `${tree}/`, [], signal),
        scp: () => {
          fs.mkdirSync(path.join(remote, 'up'));
          return scp(['-r', `${tree}/.`, at(path.join(remote, 'up'))]);
        },
        packer: () => packer({ source: `${tree}/`, destination: path.join(remote, 'up') }),
      },
      {
        name: `download, ${FILES} files`,
        reset: () => remove(path.join(local, 'down')),
        unit: (s) => `${(FILES / s).toFixed(FILES / s < 10 ? 1 : 0)} files/s`,
        check: () => countFiles(path.join(local, 'down')) === FILES,
        kiln: (comm) => comm.downloadDir(`${treeRemote}/`, path.join(local, 'down'), [], signal),
        scp: () => {
          fs.mkdirSync(path.join(local, 'down'));
          return scp(['-r', `${at(treeRemote)}/.`, path.join(local, 'down')]);
        },
        packer: () =>
          packer({
            source: `${treeRemote}/`,
            destination: `${path.join(local, 'down')}/`,
            direction: 'download',
          }),
      },
    ];
    // KILN_BENCH_CASES=upload (or download) keeps the cases whose name starts so.
    const only = process.env.KILN_BENCH_CASES;
    if (only) cases.splice(0, cases.length, ...cases.filter((c) => c.name.startsWith(only)));
    const tools = [...Object.keys(comms), ...(ONLY_KILN ? [] : ['scp']), ...(HAVE_PACKER ? ['packer'] : [])];
    const results = cases.map(() => Object.fromEntries(tools.map((t) => [t, []])));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, c] of cases.entries()) {
        for (const tool of tools) {
          c.reset();
          const r = comms[tool] ? await kiln(c.kiln, comms[tool]) : await c[tool]();
          if (!c.check()) throw new Error(`${c.name}: ${tool} left an incomplete copy`);
          results[i][tool].push(r);
          process.stderr.write(`${c.name} ${tool} ${r.secs.toFixed(2)} s\n`);
        }
      }
    }
    for (const comm of Object.values(comms)) await comm.close();

    console.log(
      `SSH transfers with a local sshd (127.0.0.1), medians of ${ROUNDS} interleaved rounds; ssh2 ${process.env.KILN_BENCH_ADDON === '1' ? 'with' : 'without'} its native addon; ${os.cpus().length} CPUs, node ${process.version}\n`,
    );
    const kilns = Object.keys(comms);
    const head = tools.map(
      (t) => ({ 'kiln-scp': 'Kiln scp', 'kiln-sftp': 'Kiln SFTP', scp: 'OpenSSH scp', packer: 'Packer' })[t],
    );
    const ratios = ONLY_KILN ? [] : kilns.map((k) => `${head[tools.indexOf(k)]} / scp`);
    console.log(`| transfer | ${[...head, ...ratios].join(' | ')} |`);
    console.log(`| --- |${' --- |'.repeat(tools.length + ratios.length)}`);
    for (const [i, c] of cases.entries()) {
      const cells = tools.map((t) => {
        const secs = median(results[i][t].map((r) => r.secs));
        const rss = median(results[i][t].map((r) => r.rss));
        return `${c.unit(secs)} (${secs.toFixed(2)} s; ${comms[t] ? '+' : ''}${rss.toFixed(0)} MB)`;
      });
      const scpSecs = ONLY_KILN ? 0 : median(results[i].scp.map((r) => r.secs));
      const ratio = ONLY_KILN
        ? []
        : kilns.map((k) => `${((scpSecs / median(results[i][k].map((r) => r.secs))) * 100).toFixed(0)}%`);
      console.log(`| ${c.name} | ${[...cells, ...ratio].join(' | ')} |`);
    }
    console.log(
      '\nMemory: Kiln is the growth of the benchmark process RSS during the transfer (+MB); scp and Packer are the max RSS of their process.',
    );
  } finally {
    sshd.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
