import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';
import { tempTemplate } from '../template/helpers';
import { describeWithDocker } from './services';

/** `kiln build` with the docker builder against a real Docker engine. */

const IMAGE = 'kiln-test/busybox:latest';

async function kiln(args: string[], cwd: string, interrupt?: (cancel: () => void) => void) {
  process.chdir(cwd);
  let out = '';
  let err = '';
  const io: CommandIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: () => Promise.resolve(''),
    stdinIsTTY: false,
    cwd,
    env: {},
    onInterrupt: interrupt
      ? (listener) => {
          interrupt(() => listener('SIGINT'));
          return () => undefined;
        }
      : undefined,
  };
  return { code: await runCLI(args, io), out, err };
}

function docker(...args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Containers Kiln started (named kiln-<run>-<random>). */
function kilnContainers(): string[] {
  return docker('ps', '-a', '--filter', 'name=^kiln-', '--format', '{{.Names}}')
    .split('\n')
    .filter((n) => n !== '');
}

const TEMPLATE = `
variable "greeting" {
  type    = string
  default = "hello"
}
source "docker" "bb" {
  image   = "${IMAGE}"
  pull    = false
  commit  = true
  changes = ["ENV GREETING \${var.greeting}", "LABEL built-by=kiln"]
}
build {
  sources = ["source.docker.bb"]
  provisioner "shell" {
    inline           = ["echo \\"provisioning $PACKER_BUILD_NAME as $(id -u)\\"", "echo \\"$MESSAGE\\" > /built.txt"]
    environment_vars = ["MESSAGE=it's \${var.greeting} from \${build.ID}"]
  }
}
`;

describeWithDocker('docker builds', IMAGE, () => {
  jest.setTimeout(60_000);
  const images: string[] = [];
  afterAll(() => {
    for (const id of images) spawnSync('docker', ['rmi', '-f', id]);
  });

  it('provisions a container and commits it to an image that really has the changes', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('    docker.bb: provisioning bb as 0\n');
    const id = /Imported Docker image: (sha256:[0-9a-f]+)/.exec(r.out)?.[1] as string;
    expect(id).toBeDefined();
    images.push(id);
    const inside = docker(
      'run',
      '--rm',
      '--entrypoint',
      '/bin/sh',
      id,
      '-c',
      'cat /built.txt; echo "$GREETING"',
    );
    expect(inside).toMatch(/^it's hello from [0-9a-f]{64}\nhello$/);
    expect(JSON.parse(docker('inspect', '-f', '{{json .Config.Labels}}', id))).toEqual({
      'built-by': 'kiln',
    });
    expect(kilnContainers()).toEqual([]);
  });

  it('exports the container to a tar file', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace('commit  = true', 'export_path = "out/image.tar"'),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(0);
    const tar = path.join(dir, 'out/image.tar');
    expect(fs.statSync(tar).size).toBeGreaterThan(100_000);
    expect(spawnSync('tar', ['-tf', tar], { encoding: 'utf8' }).stdout).toContain('built.txt');
    expect(r.out).toContain('--> docker.bb: Exported Docker file: out/image.tar');
  });

  it('removes the container when a provisioner fails', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace('"echo \\"$MESSAGE\\" > /built.txt"', '"exit 7"'),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Script exited with non-zero exit status: 7');
    expect(r.out).toContain('==> docker.bb: Killing the container:');
    expect(kilnContainers()).toEqual([]);
  });

  it('cancels a running build on interrupt and leaves nothing behind', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace('"echo \\"$MESSAGE\\" > /built.txt"', '"sleep 30"'),
    });
    const t0 = Date.now();
    const r = await kiln(['build', '-color=false', '.'], dir, (cancel) => setTimeout(cancel, 1_500));
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Cleanly cancelled builds after being interrupted.');
    expect(kilnContainers()).toEqual([]);
  });
});
