import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { describeWithDocker, docker } from '../support/services';

/**
 * examples/quickstart, built the way the README's main job builds it: through the bundled CLI
 * (dist/cli/index.js), with a local base image because nothing can be pulled here.
 */

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const example = path.join(root, 'examples', 'quickstart');
const manifest = path.join(example, 'manifest.json');
const IMAGE = 'kiln-test/busybox:latest';
const TAG = 'kiln-quickstart/it-test:latest';

function kiln(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
}

describe('examples/quickstart without a Docker engine', () => {
  it('fails fast and says how to fix it', () => {
    // A manifest left by an earlier, interrupted run of the build below must not count.
    fs.rmSync(manifest, { force: true });
    const t0 = Date.now();
    const r = kiln(['build', '-color=false', 'examples/quickstart'], {
      ...process.env,
      DOCKER_HOST: 'unix:///nonexistent/kiln/docker.sock',
    });
    const ms = Date.now() - t0;
    // One expectation with everything in it, so that a failure shows the whole outcome.
    expect({
      status: r.status,
      signal: r.signal,
      fast: ms < 15_000,
      stdout: r.stdout,
      stderr: r.stderr,
    }).toEqual({
      status: 1,
      signal: null,
      fast: true,
      stdout: expect.stringContaining(
        'No Docker engine is reachable at DOCKER_HOST=unix:///nonexistent/kiln/docker.sock',
      ),
      stderr: '',
    });
    expect(r.stdout).toContain('Start Docker, or point DOCKER_HOST at a running engine');
    expect(fs.existsSync(manifest)).toBe(false);
  });
});

describeWithDocker('examples/quickstart', IMAGE, () => {
  beforeAll(() => fs.rmSync(manifest, { force: true }));
  afterAll(() => {
    fs.rmSync(manifest, { force: true });
    docker('rmi', '-f', TAG);
  });

  it('is formatted and valid, and builds an image holding what its provisioners put there', () => {
    expect(kiln(['fmt', '-check', 'examples/quickstart']).status).toBe(0);
    const valid = kiln(['validate', 'examples/quickstart']);
    expect(valid.stdout).toBe('The configuration is valid.\n');

    const r = kiln([
      'build',
      '-color=false',
      `-var=base_image=${IMAGE}`,
      '-var=app_name=it-test',
      'examples/quickstart',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`--> quickstart.docker.base: Imported Docker image: ${TAG}`);

    // The image's default command prints what the shell provisioner wrote.
    const run = docker('run', '--rm', TAG);
    expect(run.stdout).toBe('Hello from Kiln (base on docker)\n');
    const files = docker('run', '--rm', TAG, 'ls /opt/app; echo "$APP_NAME"');
    expect(files.stdout).toBe('greeting.txt\nindex.html\nit-test\n');

    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
      builds: { name: string; builder_type: string; artifact_id: string; custom_data: unknown }[];
      last_run_uuid: string;
    };
    expect(m.builds).toHaveLength(1);
    expect(m.builds[0]).toMatchObject({
      name: 'base',
      builder_type: 'docker',
      artifact_id: TAG,
      custom_data: { greeting: 'Hello from Kiln' },
    });
    // Nothing of the run is left running.
    const name = /docker run --name (kiln-[\w-]+)/.exec(r.stdout)?.[1] as string;
    expect(name).toBeDefined();
    expect(docker('container', 'inspect', name).status).not.toBe(0);
  });
});
