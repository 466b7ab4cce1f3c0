#!/usr/bin/env node
// SSH file transfer: Kiln's SSH communicator (SFTP over ssh2) against OpenSSH's scp, both uploading to
// the same local sshd: one 512 MiB file, and a tree of 10,000 small files. Reports throughput, the
// Kiln/scp ratio (target >= 80%) and Kiln's peak RSS during the big upload (target: flat).
// Run after compiling: `npx tsc -p tsconfig.json --outDir build && node bench/ssh-transfer.js`
// (needs root, /usr/sbin/sshd, scp and ssh-keygen).
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { connectSsh } = require(path.join(root, 'build/src/communicators/ssh/connect.js'));
// The tests' own sshd starter (its own config, keys and port on 127.0.0.1), compiled alongside.
const { startSshd } = require(path.join(root, 'build/__tests__/support/ssh/sshd.js'));

const MIB = 1024 * 1024;
const BIG = Number(process.env.KILN_BENCH_BIG_MIB || 512) * MIB;
const FILES = Number(process.env.KILN_BENCH_FILES || 10000);

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

const ui = { say() {}, message() {}, error() {}, output() {}, addSecret() {} };

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
    const remote = path.join(work, 'remote');
    fs.mkdirSync(remote);
    const user = os.userInfo().username;
    const scp = (args) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync('scp', [
        '-q',
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
      if (r.status !== 0) throw new Error(`scp failed: ${r.stderr}`);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    const comm = await connectSsh(
      {
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
    const signal = new AbortController().signal;
    const rows = [];
    const best = async (n, fn) => {
      let b = Infinity;
      for (let i = 0; i < n; i++) b = Math.min(b, await fn());
      return b;
    };

    // One big file.
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const kilnBig = await best(2, async () => {
      const t0 = process.hrtime.bigint();
      await comm.upload(path.join(remote, 'big.kiln'), fs.createReadStream(big), { mode: 0o644 }, signal);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    });
    clearInterval(sampler);
    const scpBig = await best(2, () => scp([big, `${user}@127.0.0.1:${path.join(remote, 'big.scp')}`]));
    if (fs.statSync(path.join(remote, 'big.kiln')).size !== BIG) throw new Error('short upload');
    const mb = BIG / MIB;
    rows.push([
      `${mb} MiB file`,
      `${(mb / kilnBig).toFixed(0)} MiB/s (${kilnBig.toFixed(2)} s)`,
      `${(mb / scpBig).toFixed(0)} MiB/s (${scpBig.toFixed(2)} s)`,
      `${((scpBig / kilnBig) * 100).toFixed(0)}%`,
    ]);

    // Many small files.
    const kilnTree = await best(2, async () => {
      fs.rmSync(path.join(remote, 'k'), { recursive: true, force: true });
      const t0 = process.hrtime.bigint();
      await comm.uploadDir(path.join(remote, 'k'), tree, [], signal);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    });
    const scpTree = await best(2, () => {
      fs.rmSync(path.join(remote, 's'), { recursive: true, force: true });
      fs.mkdirSync(path.join(remote, 's'));
      return scp(['-r', tree, `${user}@127.0.0.1:${path.join(remote, 's')}`]);
    });
    const count = spawnSync('sh', ['-c', `find ${path.join(remote, 'k')} -type f | wc -l`])
      .stdout.toString()
      .trim();
    if (Number(count) !== FILES) throw new Error(`uploaded ${count} files, expected ${FILES}`);
    rows.push([
      `${FILES} files (${(treeBytes / MIB).toFixed(0)} MiB)`,
      `${(FILES / kilnTree).toFixed(0)} files/s (${kilnTree.toFixed(2)} s)`,
      `${(FILES / scpTree).toFixed(0)} files/s (${scpTree.toFixed(2)} s)`,
      `${((scpTree / kilnTree) * 100).toFixed(0)}%`,
    ]);
    await comm.close();

    console.log(
      `SSH upload to a local sshd (127.0.0.1), best of 2; ${os.cpus().length} CPUs, node ${process.version}\n`,
    );
    console.log('| upload | Kiln (SFTP, ssh2) | OpenSSH scp | Kiln / scp |');
    console.log('| --- | --- | --- | --- |');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(
      `\nKiln's RSS during the ${mb} MiB upload: baseline ${(baseline / MIB).toFixed(0)} MB, peak ${(peak / MIB).toFixed(0)} MB (+${((peak - baseline) / MIB).toFixed(0)} MB)`,
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
