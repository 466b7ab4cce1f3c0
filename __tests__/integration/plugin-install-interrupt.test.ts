import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {
  type ReleaseServer,
  type Tls,
  describeWithReleaseFixtures,
  filesBelow,
  makeTls,
  publishOfficial,
  releaseEnv,
  startReleaseServer,
} from '../support/plugin-releases';
import { tempDir, writeFiles } from '../support/temp';

/**
 * Ctrl-C while a plugin archive downloads (issue 17): `kiln init` and `kiln plugins install`, run
 * as processes of their own from the sources (scripts/run-ts.js), against a release server on
 * loopback that sends part of the zip and then nothing more. The first SIGINT must end the command
 * promptly with Packer's exit code for an interrupted command (1), and leave the plugin directory
 * and the temporary directory as they were: no partial file, no scratch directory, no lock file.
 */

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..');
const CLI = ['--require', path.join(root, 'scripts', 'run-ts.js'), path.join(root, 'src', 'cli', 'index.ts')];

const TEMPLATE = `packer {
  required_plugins {
    kilnfixture = {
      source  = "github.com/hashicorp/kilnfixture"
      version = "~> 1.0.0"
    }
  }
}
`;

describeWithReleaseFixtures('Ctrl-C during a plugin download', () => {
  let tls: Tls;
  let server: ReleaseServer;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    tls = makeTls(tempDir('kiln-interrupt-tls-'));
    server = await startReleaseServer(tls);
  });
  afterAll(() => server.close());
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
  });

  it.each([
    ['kiln init', ['init', 'tpl'], true],
    ['kiln plugins install', ['plugins', 'install', 'github.com/hashicorp/kilnfixture', '~> 1.0.0'], false],
  ])(
    '%s: stops within 2 s of the signal, exits 1, installs nothing, leaves no partial file',
    async (_name, args, writesLock) => {
      server.routes.clear();
      server.requests.length = 0;
      const [release] = await publishOfficial(server, 'kilnfixture', ['1.0.0']);
      const zipPath = `/releases/packer-plugin-kilnfixture/1.0.0/${release.zipName}`;
      // A third of the archive, then the server goes quiet (the connection stays open).
      server.routes.set(zipPath, { body: release.zip, stallAfter: Math.floor(release.zip.length / 3) });

      const dir = tempDir('kiln-interrupt-');
      writeFiles(dir, {
        'tpl/main.pkr.hcl': TEMPLATE,
        // Something already in the plugin directory, which must be left exactly as it is.
        'plugins/github.com/kiln-project/other/notes.txt': 'installed earlier\n',
      });
      const plugins = path.join(dir, 'plugins');
      const tmp = path.join(dir, 'tmp');
      fs.mkdirSync(tmp);
      const before = filesBelow(plugins);

      const proc = spawn(process.execPath, [...CLI, ...args], {
        cwd: dir,
        env: { ...process.env, ...releaseEnv(server, tls, plugins), TMPDIR: tmp, PACKER_LOG: '' },
      });
      child = proc;
      let out = '';
      proc.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
      proc.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));

      // Until the zip is being received (its request answered with the first bytes).
      for (let i = 0; i < 600 && !server.requests.some((r) => r.path === zipPath); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(server.requests.map((r) => r.path)).toContain(zipPath);
      await new Promise((r) => setTimeout(r, 300));
      expect(proc.exitCode).toBeNull(); // still downloading: the server will never finish

      const t0 = Date.now();
      proc.kill('SIGINT');
      const code = await exited;
      const elapsed = Date.now() - t0;

      expect(code).toBe(1);
      expect(elapsed).toBeLessThan(2_000);
      expect(out).toContain('Cancelling build after receiving interrupt\n');
      expect(out).toContain(
        'Interrupted: the download under way was abandoned and nothing of it was installed.\n',
      );
      expect(out).not.toContain('internal error');
      expect(out).not.toContain('Installed plugin');
      // Nothing more was asked for after the signal (not the next version, not GitHub).
      expect(server.requests.map((r) => r.path).pop()).toBe(zipPath);
      expect(filesBelow(plugins)).toEqual(before);
      expect(fs.readdirSync(tmp)).toEqual([]);
      if (writesLock) expect(fs.existsSync(path.join(dir, 'tpl', '.kiln.lock.hcl'))).toBe(false);
    },
  );
});
