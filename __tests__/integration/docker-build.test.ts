import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { tempTemplate } from '../support/temp';
import { startRegistry } from '../support/registry';
import { describeWithDocker, dockerOut } from '../support/services';
import { kiln } from '../support/kiln';

/** `kiln build` with the docker builder against a real Docker engine. */

const IMAGE = 'kiln-test/busybox:latest';

/**
 * The containers a build's output says it started (`docker run --name kiln-<run>-<random>`) that
 * still exist. Only this build's: other test files run builds at the same time.
 */
function leftContainers(output: string): string[] {
  const names = [...output.matchAll(/docker run --name (kiln-[\w-]+)/g)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`no container was started:\n${output}`);
  return names.filter((n) => spawnSync('docker', ['container', 'inspect', n]).status === 0);
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
    const inside = dockerOut(
      'run',
      '--rm',
      '--entrypoint',
      '/bin/sh',
      id,
      '-c',
      'cat /built.txt; echo "$GREETING"',
    );
    expect(inside).toMatch(/^it's hello from [0-9a-f]{64}\nhello$/);
    expect(JSON.parse(dockerOut('inspect', '-f', '{{json .Config.Labels}}', id))).toEqual({
      'built-by': 'kiln',
    });
    expect(leftContainers(r.out)).toEqual([]);
  });

  it('uploads and downloads files and directory trees with the file provisioner', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace(
        'build {\n  sources = ["source.docker.bb"]',
        [
          'build {',
          '  sources = ["source.docker.bb"]',
          '  provisioner "file" {',
          '    source      = "tree"',
          '    destination = "/data/"',
          '  }',
          '  provisioner "file" {',
          '    source      = "tree/"',
          '    destination = "/flat"',
          '  }',
          '  provisioner "file" {',
          '    content     = "generated ${source.name}"',
          '    destination = "/data/gen.txt"',
          '  }',
          '  provisioner "file" {',
          '    direction   = "download"',
          '    sources     = ["/data/gen.txt", "/flat/sub/deep.txt"]',
          '    destination = "back/"',
          '  }',
          '  provisioner "file" {',
          '    direction   = "download"',
          '    source      = "/data/tree/"',
          '    destination = "back/tree"',
          '  }',
        ].join('\n'),
      ),
      'tree/top.txt': 'top\n',
      'tree/sub/deep.txt': 'deep\n',
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const id = /Imported Docker image: (sha256:[0-9a-f]+)/.exec(r.out)?.[1] as string;
    images.push(id);
    const listing = dockerOut(
      'run',
      '--rm',
      '--entrypoint',
      '/bin/sh',
      id,
      '-c',
      'cd / && find data flat -type f | sort',
    );
    expect(listing.split('\n')).toEqual([
      'data/gen.txt',
      'data/tree/sub/deep.txt',
      'data/tree/top.txt',
      'flat/sub/deep.txt',
      'flat/top.txt',
    ]);
    expect(fs.readFileSync(path.join(dir, 'back/gen.txt'), 'utf8')).toBe('generated bb');
    expect(fs.readFileSync(path.join(dir, 'back/deep.txt'), 'utf8')).toBe('deep\n');
    expect(fs.readFileSync(path.join(dir, 'back/tree/sub/deep.txt'), 'utf8')).toBe('deep\n');
    expect(fs.readFileSync(path.join(dir, 'back/tree/top.txt'), 'utf8')).toBe('top\n');
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
    // Packer's wording, down to the missing space between the two sentences.
    expect(r.err).toContain("Build 'docker.bb' errored after");
    expect(r.err).toContain(': Script exited with non-zero exit status: 7. Allowed exit codes are: [0]\n');
    expect(r.out).toContain(
      '==> docker.bb: Provisioning step had errors: Running the cleanup provisioner, if present...\n==> docker.bb: Killing the container:',
    );
    expect(leftContainers(r.out)).toEqual([]);
  });

  it('cancels a running build on interrupt and leaves nothing behind', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace('"echo \\"$MESSAGE\\" > /built.txt"', '"sleep 30"'),
    });
    const t0 = Date.now();
    const r = await kiln(['build', '-color=false', '.'], dir, {
      interrupt: (cancel) => setTimeout(cancel, 1_500),
    });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^Cancelling build after receiving interrupt\nBuild 'docker.bb' errored after [^\n]+: Build was cancelled\.\n$/,
    );
    expect(r.out).toMatch(
      /\n==> Wait completed after [^\n]+\nCleanly cancelled builds after being interrupted\.\n$/,
    );
    expect(leftContainers(r.out)).toEqual([]);
  });
});

describeWithDocker('docker post-processors', IMAGE, () => {
  jest.setTimeout(90_000);
  let registry: { address: string; stop: () => void };
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.stop());

  it('tags, pushes to a registry, and saves the image; the pushed image runs', async () => {
    const repo = `${registry.address}/kiln/test-${Date.now()}`;
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace(
        'build {',
        `build {\n  post-processors {\n    post-processor "docker-tag" {\n      repository = "${repo}"\n      tags       = ["1.0", "latest"]\n    }\n    post-processor "docker-push" {}\n    post-processor "docker-save" {\n      path = "out/saved.tar"\n    }\n  }`,
      ),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`--> docker.bb: Saved Docker image: out/saved.tar`);
    expect(fs.statSync(path.join(dir, 'out/saved.tar')).size).toBeGreaterThan(100_000);
    const id = /Imported Docker image: (sha256:[0-9a-f]+)/.exec(r.out)?.[1] as string;
    // Forget the local copies, then run what the registry has.
    spawnSync('docker', ['rmi', '-f', `${repo}:1.0`, `${repo}:latest`, id]);
    const inside = dockerOut('run', '--rm', '--entrypoint', '/bin/sh', `${repo}:1.0`, '-c', 'cat /built.txt');
    expect(inside).toMatch(/^it's hello from /);
    spawnSync('docker', ['rmi', '-f', `${repo}:1.0`]);
    expect(leftContainers(r.out)).toEqual([]);
  });

  it('imports an exported file as an image', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': TEMPLATE.replace('commit  = true', 'export_path = "out/image.tar"').replace(
        'build {',
        'build {\n  post-processor "docker-import" {\n    repository = "kiln/imported"\n    tag        = "v1"\n    changes    = ["ENV IMPORTED yes"]\n  }',
      ),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--> docker.bb: Imported Docker image: kiln/imported:v1');
    expect(
      dockerOut('run', '--rm', 'kiln/imported:v1', '/bin/sh', '-c', 'cat /built.txt; echo $IMPORTED'),
    ).toMatch(/yes$/);
    // Not kept: the export file was the input of docker-import.
    expect(fs.existsSync(path.join(dir, 'out/image.tar'))).toBe(false);
    spawnSync('docker', ['rmi', '-f', 'kiln/imported:v1']);
  });
});
