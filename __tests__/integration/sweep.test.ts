import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { readLedger } from '../../src/engine/ledger';
import { findLedgers } from '../../src/engine/sweep';
import { sweepDockerImage } from '../../src/plugins/builtin/docker/sweep';
import { describeWithDocker } from './services';

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
        data: { dockerHost: process.env.DOCKER_HOST ?? '', executable: 'docker' },
      };
      const signal = new AbortController().signal;
      expect(await sweepDockerImage(resource, signal)).toBe('deleted');
      expect(spawnSync('docker', ['image', 'inspect', image]).status).not.toBe(0);
      expect(await sweepDockerImage(resource, signal)).toBe('gone');
    } finally {
      spawnSync('docker', ['rmi', '-f', image]);
    }
  });
});
