import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { readLedger } from '../../src/engine/ledger';
import { describeWithDocker, printedContainerIds } from '../support/services';

/**
 * Interrupting the bundled CLI (dist/cli/index.js) as a user would: the first SIGINT cancels and
 * cleans up; a second one stops waiting for a slow cleanup, says where the leftovers are listed,
 * and exits.
 */

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const IMAGE = 'kiln-test/busybox:latest';

describeWithDocker('kiln build interrupted twice', IMAGE, () => {
  jest.setTimeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-interrupt-'));
    // A docker whose `rm` takes 40 s: the cleanup of the container is slow.
    fs.writeFileSync(
      path.join(dir, 'slow-docker'),
      '#!/bin/sh\nif [ "$1" = rm ]; then sleep 40; fi\nexec docker "$@"\n',
      { mode: 0o755 },
    );
    fs.writeFileSync(
      path.join(dir, 'a.pkr.hcl'),
      `source "docker" "bb" {\n  image       = "${IMAGE}"\n  pull        = false\n  discard     = true\n  docker_path = "${dir}/slow-docker"\n}\n` +
        'build {\n  sources = ["source.docker.bb"]\n  provisioner "shell" {\n    inline = ["echo started", "sleep 40"]\n  }\n}\n',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('cancels and cleans up when its standard output goes away (kiln build | head)', async () => {
    fs.writeFileSync(
      path.join(dir, 'ticking.pkr.hcl'),
      `source "docker" "bb" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n` +
        'build {\n  sources = ["source.docker.bb"]\n  provisioner "shell" {\n' +
        '    inline = ["echo started", "while true; do echo tick; sleep 0.2; done"]\n  }\n}\n',
    );
    const child = spawn(process.execPath, [cli, 'build', '-color=false', 'ticking.pkr.hcl'], {
      cwd: dir,
      env: { ...process.env, TMPDIR: dir },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 300 && !out.includes('docker.bb: tick'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('docker.bb: tick');
      child.stdout.destroy(); // like `head` exiting: Kiln's next write fails with EPIPE
      const t0 = Date.now();
      expect(await exited).toBe(1);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(err).toBe(''); // no stack trace
      const [id] = printedContainerIds(out);
      expect(id).toBeDefined();
      expect(spawnSync('docker', ['container', 'inspect', id]).status).not.toBe(0);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('kiln-build-'))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      for (const id of printedContainerIds(out)) spawnSync('docker', ['rm', '-f', id]);
    }
  });

  it('stops waiting for cleanup on the second SIGINT and lists what may be left', async () => {
    const child = spawn(process.execPath, [cli, 'build', '-color=false', 'a.pkr.hcl'], {
      cwd: dir,
      env: { ...process.env, TMPDIR: dir },
      detached: true, // its own process group, so the slow `docker rm` can be killed afterwards
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (pred: () => boolean, what: string) => {
      for (let i = 0; i < 300 && !pred(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!pred()) throw new Error(`timed out waiting for ${what}:\n${out}\n${err}`);
    };
    try {
      await waitFor(() => out.includes('docker.bb: started'), 'the provisioner');
      child.kill('SIGINT');
      await waitFor(() => out.includes('Killing the container'), 'the cleanup to start');
      const t0 = Date.now();
      child.kill('SIGINT');
      const code = await exited;
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(code).toBe(1);
      // Everything on standard output, in order, as Packer writes it.
      expect(err).toBe('');
      expect(out).toContain('Cancelling build after receiving interrupt\n');
      expect(out).toContain('Second interrupt received: no longer waiting for cleanup.');
      const ledgerPath = /still exist; each is listed \(kind, id, where\) in:\n {2}(\S+)\n/.exec(out)?.[1];
      expect(ledgerPath).toBeDefined();
      // The ledger still lists the container, which really still exists.
      const left = readLedger(ledgerPath as string).outstanding;
      expect(left.map((r) => r.kind)).toEqual(['docker-container']);
      expect(spawnSync('docker', ['container', 'inspect', left[0].id]).status).toBe(0);
    } finally {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      // The container the test made Kiln leave, also when an expectation above failed.
      for (const id of printedContainerIds(out)) spawnSync('docker', ['rm', '-f', id]);
    }
  });
});
