import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { FileLedger, readLedger } from '../../src/engine/ledger';
import { findLedgers } from '../../src/engine/sweep';
import { sweepDockerImage } from '../../src/components/docker/sweep';
import { kiln } from '../support/kiln';
import { describeWithDocker } from '../support/services';

/**
 * A build killed outright (SIGKILL: no cleanup at all) leaves its container running and its temp
 * directory on disk; `kiln sweep -run-id` finds that run's ledger and deletes both, and leaves
 * another run's ledger alone.
 */

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const IMAGE = 'kiln-test/busybox:latest';

describeWithDocker('kiln sweep after a killed build', IMAGE, () => {
  jest.setTimeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sweep-'));
    fs.writeFileSync(
      path.join(dir, 'a.pkr.hcl'),
      `source "docker" "bb" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n` +
        'build {\n  sources = ["source.docker.bb"]\n  provisioner "shell" {\n    inline = ["echo started", "sleep 40"]\n  }\n}\n',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('deletes the container and the temp directory a SIGKILLed build left', async () => {
    const child = spawn(process.execPath, [cli, 'build', '-color=false', 'a.pkr.hcl'], {
      cwd: dir,
      env: { ...process.env, TMPDIR: dir },
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    for (let i = 0; i < 300 && !out.includes('docker.bb: started'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('docker.bb: started');
    process.kill(-(child.pid as number), 'SIGKILL');
    await exited;

    const [ledger] = findLedgers(dir);
    const { runId, outstanding } = readLedger(ledger);
    expect(outstanding.map((r) => r.kind)).toEqual(['docker-container']);
    const container = outstanding[0].id;
    expect(spawnSync('docker', ['container', 'inspect', container]).status).toBe(0);

    // Another run's leftovers in the same temp root are not this sweep's business.
    const otherDir = fs.mkdtempSync(path.join(dir, 'kiln-build-'));
    const otherFile = path.join(dir, 'other-run-file');
    fs.writeFileSync(otherFile, '');
    fs.writeFileSync(
      path.join(otherDir, 'ledger.jsonl'),
      JSON.stringify({
        op: 'create',
        runId: 'another-run',
        id: otherFile,
        kind: 'temp-path',
        data: {},
        time: '',
      }) + '\n',
    );

    const sweep = spawnSync(process.execPath, [cli, 'sweep', '-run-id', runId as string, '-temp-dir', dir], {
      encoding: 'utf8',
    });
    expect(sweep.stderr).toBe('');
    expect(sweep.stdout).toContain(`docker-container ${container}: deleted`);
    expect(sweep.stdout).toContain('1 deleted, 0 already gone; build directory removed.');
    expect(sweep.status).toBe(0);
    expect(spawnSync('docker', ['container', 'inspect', container]).status).not.toBe(0);
    expect(fs.existsSync(path.dirname(ledger))).toBe(false);
    expect(fs.existsSync(otherFile)).toBe(true);
    expect(fs.existsSync(otherDir)).toBe(true);

    // Sweeping again (the ledger path given directly) finds nothing to do.
    const again = spawnSync(process.execPath, [cli, 'sweep', ledger], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('nothing was left');
  });
});

describeWithDocker('the docker-image sweeper', IMAGE, () => {
  it('deletes a recorded base image, and finds an image already gone fine', async () => {
    const c = spawnSync('docker', ['create', IMAGE, 'true'], { encoding: 'utf8' }).stdout.trim();
    const image = spawnSync('docker', ['commit', c], { encoding: 'utf8' }).stdout.trim();
    spawnSync('docker', ['rm', c]);
    try {
      const resource = {
        id: image,
        kind: 'docker-image',
        data: { dockerHost: process.env.DOCKER_HOST ?? '' },
      };
      const signal = new AbortController().signal;
      expect(await sweepDockerImage(resource, signal, {})).toBe('deleted');
      expect(spawnSync('docker', ['image', 'inspect', image]).status).not.toBe(0);
      expect(await sweepDockerImage(resource, signal, {})).toBe('gone');
    } finally {
      spawnSync('docker', ['rmi', '-f', image]);
    }
  });
});

describeWithDocker('kiln sweep when the recorded Docker host is gone', IMAGE, () => {
  jest.setTimeout(60_000);
  let root: string;
  let container: string;
  const runId = 'f0e1d2c3-0000-4000-8000-000000000013';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sweep-host-'));
    container = `kiln-${runId}-${Math.random().toString(36).slice(2, 8)}`;
    expect(spawnSync('docker', ['create', '--name', container, IMAGE, 'true']).status).toBe(0);
  });
  afterEach(() => {
    spawnSync('docker', ['rm', '-f', container]);
    // kiln() chdirs into root: leave it before it goes.
    process.chdir(os.tmpdir());
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A build's ledger listing the container on an engine whose socket no longer exists. */
  function ledgerOnDeadHost(): string {
    const dir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    const ledger = new FileLedger(path.join(dir, 'ledger.jsonl'), runId);
    ledger.record({
      id: container,
      kind: 'docker-container',
      data: { dockerHost: `unix://${path.join(root, 'gone.sock')}` },
    });
    return ledger.path;
  }

  it('strikes off the entry the run-ID finder deleted, so the next sweep succeeds', async () => {
    const ledger = ledgerOnDeadHost();
    const first = await kiln(['sweep', '-run-id', runId, '-temp-dir', root], root, {
      env: { ...process.env } as Record<string, string>,
    });
    expect(first.err).toContain(`docker-container ${container}: Error removing container`);
    expect(first.out).toContain(`docker-container ${container}: deleted`);
    expect(first.out).toContain(
      `docker-container ${container}: found by the run's tag and deleted; struck off its ledger`,
    );
    expect(first.out).toContain(`${path.dirname(ledger)}: nothing is left; build directory removed.`);
    expect(first.code).toBe(0);
    expect(spawnSync('docker', ['container', 'inspect', container]).status).not.toBe(0);
    expect(fs.existsSync(path.dirname(ledger))).toBe(false);
  });

  it('uses the current DOCKER_HOST with -current-docker-host', async () => {
    const ledger = ledgerOnDeadHost();
    const without = await kiln(['sweep', ledger], root, {
      env: { ...process.env } as Record<string, string>,
    });
    expect(without.code).toBe(1);
    expect(readLedger(ledger).outstanding.map((r) => r.id)).toEqual([container]);
    const swept = await kiln(['sweep', '-current-docker-host', ledger], root, {
      env: { ...process.env } as Record<string, string>,
    });
    expect(swept.err).toBe('');
    expect(swept.out).toContain(`docker-container ${container}: deleted`);
    expect(swept.out).toContain('1 deleted, 0 already gone; build directory removed.');
    expect(swept.code).toBe(0);
    expect(spawnSync('docker', ['container', 'inspect', container]).status).not.toBe(0);
  });
});
