import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { tempTemplate } from '../support/temp';
import { type Registry, startRegistry } from '../support/registry';
import { describeWithDocker, dockerOut } from '../support/services';
import { kiln } from '../support/kiln';

/** The docker builder's options that change how the container is run, provisioned and logged in. */

const IMAGE = 'kiln-test/busybox:latest';

function source(extra: string, image = IMAGE): string {
  return `source "docker" "bb" {\n  image   = "${image}"\n  pull    = false\n  discard = true\n${extra}\n}\n`;
}

describeWithDocker('docker builder options', IMAGE, () => {
  jest.setTimeout(90_000);
  const USER_IMAGE = 'kiln-test/busybox-user1000:latest';
  let dockerConfig: string;
  const savedConfig = process.env.DOCKER_CONFIG;

  beforeAll(() => {
    // An image whose containers run as uid 1000 (like many application images).
    const c = dockerOut('create', IMAGE, 'chmod', '1777', '/tmp');
    dockerOut('start', '-a', c);
    dockerOut('commit', '--change', 'USER 1000', c, USER_IMAGE);
    dockerOut('rm', c);
    // docker login writes credentials: keep them away from the user's ~/.docker.
    dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-docker-config-'));
    process.env.DOCKER_CONFIG = dockerConfig;
  });
  afterAll(() => {
    spawnSync('docker', ['rmi', '-f', USER_IMAGE]);
    if (savedConfig === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = savedConfig;
    fs.rmSync(dockerConfig, { recursive: true, force: true });
  });

  describe('a Dockerfile `build` section instead of `image`', () => {
    const made: string[] = [];
    afterAll(() => {
      for (const id of made) spawnSync('docker', ['rmi', '-f', id]);
    });
    const template = (finish: string) =>
      'source "docker" "df" {\n' +
      '  build {\n    path      = "context/Dockerfile"\n    build_dir = "context"\n    pull      = false\n' +
      '    arguments = { GREETING = "hello from a build arg" }\n  }\n' +
      `  ${finish}\n}\n` +
      'build {\n  sources = ["source.docker.df"]\n' +
      '  provisioner "shell" {\n    inline = ["cat /greeting /from-context.txt"]\n  }\n}\n';
    const files = (finish: string) => ({
      'context/Dockerfile': `FROM ${IMAGE}\nARG GREETING\nCOPY from-context.txt /\nRUN echo "$GREETING" > /greeting\n`,
      'context/from-context.txt': 'copied from the build context\n',
      'a.pkr.hcl': template(finish),
    });
    const baseImage = (out: string): string => {
      const m = /==> docker\.df: Finished building base image "(sha256:[0-9a-f]{64})"/.exec(out);
      expect(m).not.toBeNull();
      made.push((m as RegExpExecArray)[1]);
      return (m as RegExpExecArray)[1];
    };

    it('builds the base image, runs the build in it, and keeps it under a committed image', async () => {
      const r = await kiln(['build', '-color=false', '.'], tempTemplate(files('commit = true')));
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('==> docker.df: Building base image...');
      expect(r.out).not.toContain('Pulling Docker image');
      expect(r.out).toContain(
        '    docker.df: hello from a build arg\n    docker.df: copied from the build context\n',
      );
      expect(r.out).toContain(
        '==> docker.df: final image is not discarded, removing the built image will fail because of existing dependencies, skipping cleanup for docker build.',
      );
      const base = baseImage(r.out);
      const committed = /Imported Docker image: (sha256:[0-9a-f]{64})/.exec(r.out)?.[1] as string;
      made.unshift(committed);
      expect(dockerOut('image', 'inspect', '--format', '{{.Parent}}', committed)).toBe(base);
    });

    it('deletes the base image when the result is discarded', async () => {
      // Other context contents than above: not the cached image the committed one was made from.
      const discarded = files('discard = true');
      discarded['context/from-context.txt'] = 'another context\n';
      const r = await kiln(['build', '-color=false', '.'], tempTemplate(discarded));
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const base = baseImage(r.out);
      expect(spawnSync('docker', ['image', 'inspect', base]).status).not.toBe(0);
    });

    it('fails with the docker build output when the Dockerfile does not build', async () => {
      const broken = files('discard = true');
      broken['context/Dockerfile'] = `FROM ${IMAGE}\nRUN exit 3\n`;
      const r = await kiln(['build', '-color=false', '.'], tempTemplate(broken));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/docker build failed: exit status \d+; stdout: .*returned a non-zero code: 3/s);
    });
  });

  it('mounts volumes (with ~/ expanded) and shares a host temp dir at container_dir', async () => {
    const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-volume-'));
    try {
      const dir = tempTemplate({
        'a.pkr.hcl':
          source(`  volumes = { "${hostDir}" = "/mnt/host" }\n  container_dir = "/shared"`) +
          'build {\n  sources = ["source.docker.bb"]\n  provisioner "shell" {\n' +
          '    inline = ["echo from-container > /mnt/host/out.txt", "test -d /shared && echo shared-ok"]\n  }\n}\n',
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('==> docker.bb: Creating a temporary directory for sharing data...');
      expect(r.out).toMatch(
        /Run command: docker run --name kiln-\S+ -v \S+:\/mnt\/host -v \S+docker-shared-\S+:\/shared /,
      );
      expect(r.out).toContain('docker.bb: shared-ok');
      expect(fs.readFileSync(path.join(hostDir, 'out.txt'), 'utf8')).toBe('from-container\n');
    } finally {
      fs.rmSync(hostDir, { recursive: true, force: true });
    }
  });

  it('gives uploads to the container user unless fix_upload_owner = false', async () => {
    const template = (fix: boolean) =>
      tempTemplate({
        'tree/a.txt': 'a',
        'tree/sub/b.txt': 'b',
        'one.txt': 'one',
        'a.pkr.hcl':
          source(`  fix_upload_owner = ${fix}`, USER_IMAGE) +
          'build {\n  sources = ["source.docker.bb"]\n' +
          '  provisioner "file" {\n    source      = "tree"\n    destination = "/tmp/up"\n  }\n' +
          '  provisioner "file" {\n    source      = "one.txt"\n    destination = "/tmp/one.txt"\n  }\n' +
          '  provisioner "shell" {\n    inline = ["echo owners: $(id -u) $(stat -c %u /tmp/up/tree/sub/b.txt) $(stat -c %u /tmp/one.txt)"]\n  }\n}\n',
      });
    const fixed = await kiln(['build', '-color=false', '.'], template(true));
    expect(fixed.err).toBe('');
    expect(fixed.out).toContain('docker.bb: owners: 1000 1000 1000');
    const unfixed = await kiln(['build', '-color=false', '.'], template(false));
    expect(unfixed.err).toBe('');
    // docker cp writes as root; the single file is written through exec, as the container user.
    expect(unfixed.out).toContain('docker.bb: owners: 1000 0 1000');
  });

  it('runs commands as exec_user and gives provisioners the generated values', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        source('  exec_user = "1234"', USER_IMAGE) +
        'build {\n  sources = ["source.docker.bb"]\n  provisioner "shell" {\n' +
        '    inline = ["echo uid=$(id -u) image=${build.ImageSha256} digest=${build.SourceImageDigest}"]\n  }\n}\n',
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    // (The script upload is given to the container user, so exec_user's `chmod +x` warns, as with Packer.)
    expect(r.code).toBe(0);
    // A local image has no distribution digest; the image is not committed yet while provisioning.
    expect(r.out).toContain(
      'docker.bb: uid=1234 image=ERR_IMAGE_SHA256_NOT_FOUND digest=ERR_SOURCE_IMAGE_DIGEST_NOT_FOUND',
    );
  });

  describe('with a registry that needs a login', () => {
    let registry: Registry;
    beforeAll(async () => {
      registry = await startRegistry({ kiln: 's3cret-pass' });
    });
    afterAll(() => registry.stop());

    it('logs in to pull and to push (masking the password) and logs out again', async () => {
      const repo = `${registry.address}/kiln/private-${Date.now()}`;
      const login = (password: string) =>
        `    login          = true\n    login_server   = "${registry.address}"\n    login_username = "kiln"\n    login_password = "${password}"\n`;
      // Push an image with docker-push's own login...
      const push = tempTemplate({
        'a.pkr.hcl':
          source('').replace('discard = true', 'commit  = true') +
          `build {\n  sources = ["source.docker.bb"]\n  post-processors {\n    post-processor "docker-tag" {\n      repository = "${repo}"\n      tags       = ["v1"]\n    }\n    post-processor "docker-push" {\n${login('s3cret-pass')}    }\n  }\n}\n`,
      });
      const pushed = await kiln(['build', '-color=false', '.'], push);
      expect(pushed.err).toBe('');
      expect(pushed.code).toBe(0);
      expect(pushed.out).toContain('docker.bb (docker-push): Logging in...');
      expect(pushed.out).toContain('docker.bb (docker-push): Logging out...');
      expect(pushed.out).not.toContain('s3cret-pass');
      const imageId = /Imported Docker image: (sha256:[0-9a-f]+)/.exec(pushed.out)?.[1] as string;
      spawnSync('docker', ['rmi', '-f', `${repo}:v1`, imageId]);
      // ... then pull it back through the builder's login.
      const pull = tempTemplate({
        'a.pkr.hcl':
          source('')
            .replace('pull    = false', `pull    = true\n${login('s3cret-pass').replace(/^ {4}/gm, '  ')}`)
            .replace(`image   = "${IMAGE}"`, `image   = "${repo}:v1"`) +
          'build {\n  sources = ["source.docker.bb"]\n  provisioner "shell" {\n    inline = ["echo pulled-ok ${build.SourceImageDigest}"]\n  }\n}\n',
      });
      const pulled = await kiln(['build', '-color=false', '.'], pull);
      expect(pulled.err).toBe('');
      expect(pulled.code).toBe(0);
      expect(pulled.out).toContain(`==> docker.bb: Pulling Docker image: ${repo}:v1`);
      // A pulled image has a distribution digest.
      expect(pulled.out).toContain(`docker.bb: pulled-ok ${repo}@sha256:`);
      // Logged out: no credentials are left in the docker config.
      const cfg = path.join(dockerConfig, 'config.json');
      const auths = fs.existsSync(cfg)
        ? (JSON.parse(fs.readFileSync(cfg, 'utf8')) as { auths?: Record<string, unknown> }).auths
        : undefined;
      expect(Object.keys(auths ?? {})).not.toContain(registry.address);
      spawnSync('docker', ['rmi', '-f', `${repo}:v1`]);

      // A wrong password fails the build with the plugin's message.
      const wrong = tempTemplate({
        'a.pkr.hcl': fs
          .readFileSync(path.join(pull, 'a.pkr.hcl'), 'utf8')
          .replace('s3cret-pass', 'nope-nope'),
      });
      const failed = await kiln(['build', '-color=false', '.'], wrong);
      expect(failed.code).toBe(1);
      expect(failed.err).toMatch(/Error logging in: docker login failed: .*(unauthorized|401)/i);
      expect(failed.err + failed.out).not.toContain('nope-nope');
    });
  });
});
