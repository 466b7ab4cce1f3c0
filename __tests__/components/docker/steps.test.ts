import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { DockerExportArtifact, DockerImageArtifact } from '../../../src/components/docker/artifacts';
import { DOCKER_BUILDER_SCHEMA } from '../../../src/components/docker/builder-schema';
import { dockerBuilder, dockerBuilderSteps } from '../../../src/components/docker/builder-runtime';
import { readDockerOptions } from '../../../src/components/docker/options';
import { CancelledError } from '../../../src/engine/abort';
import type { Artifact } from '../../../src/engine/types';
import { decode } from '../../support/component-decode';
import { FakeProvision, type TestContext, stepContext } from '../../sdk/step-context';
import { type DriverCall, type FakeCommunicator, FakeDockerDriver } from './fake-driver';

/** The docker builder's steps against a fake driver: what it asks of Docker, and in what order. */

function options(hcl: string) {
  return readDockerOptions(decode(DOCKER_BUILDER_SCHEMA, hcl).view);
}

interface Built {
  readonly artifact?: Artifact;
  readonly error?: Error;
  readonly driver: FakeDockerDriver;
  readonly t: TestContext;
  readonly provision: FakeProvision;
}

async function build(
  hcl: string,
  setup: (driver: FakeDockerDriver, provision: FakeProvision, t: TestContext) => void = () => undefined,
  driver = new FakeDockerDriver(),
): Promise<Built> {
  const t = stepContext();
  const provision = new FakeProvision();
  setup(driver, provision, t);
  const builder = dockerBuilder(() => driver);
  try {
    const artifact = await builder.run(decode(DOCKER_BUILDER_SCHEMA, hcl), t.ctx, provision);
    return { artifact, driver, t, provision };
  } catch (e) {
    return { error: e as Error, driver, t, provision };
  } finally {
    fs.rmSync(t.tempDir, { recursive: true, force: true });
  }
}

const call = <K extends DriverCall['op']>(d: FakeDockerDriver, op: K) =>
  d.calls.find((c): c is Extract<DriverCall, { op: K }> => c.op === op);

const COMMIT = 'image = "busybox:1"\ncommit = true\n';

describe('the docker builder as a list of steps', () => {
  it.each([
    ['commit', COMMIT, ['temp dir', 'pull', 'run container', 'connect', 'provision', 'commit']],
    [
      'discard',
      'image = "busybox"\ndiscard = true\n',
      ['temp dir', 'pull', 'run container', 'connect', 'provision'],
    ],
    [
      'export_path',
      'image = "busybox"\nexport_path = "out/image.tar"\n',
      ['temp dir', 'pull', 'run container', 'connect', 'provision', 'export'],
    ],
    [
      'a Dockerfile build',
      'build {\n  path = "Dockerfile"\n}\ndiscard = true\n',
      ['temp dir', 'build', 'pull', 'run container', 'connect', 'provision'],
    ],
  ])("are Packer's docker builder's, in its order, for %s", (_what, hcl, names) => {
    const steps = dockerBuilderSteps(
      { options: options(hcl), driver: new FakeDockerDriver() },
      new FakeProvision(),
    );
    expect(steps.map((s) => s.name)).toEqual(names);
  });

  it('commit: pulls, inspects, runs, connects, provisions, commits, then removes the container', async () => {
    const { artifact, driver, t, provision, error } = await build(
      `${COMMIT}changes = ["ENV A b", "LABEL x=y"]\nauthor = "me"\nmessage = "built"\n`,
    );
    expect(error).toBeUndefined();
    expect(driver.ops()).toEqual([
      'pull',
      'inspectImage',
      'startContainer',
      'communicator',
      'commit',
      'removeContainer',
    ]);
    expect(call(driver, 'pull')).toEqual({ op: 'pull', image: 'busybox:1', platform: '' });
    expect(call(driver, 'commit')).toEqual({
      op: 'commit',
      container: 'c0ffee',
      options: { changes: ['ENV A b', 'LABEL x=y'], author: 'me', message: 'built' },
    });
    expect(call(driver, 'removeContainer')?.container).toBe('c0ffee');
    expect(driver.running.size).toBe(0);
    // The container was in the ledger from before it started until it was removed.
    expect(t.recorded).toHaveLength(1);
    expect(t.recorded[0]).toMatch(/^kiln-run-1-[a-z0-9]+$/);
    expect(t.ledger.size).toBe(0);

    expect(artifact).toBeInstanceOf(DockerImageArtifact);
    expect(artifact?.id).toBe('sha256:committed');
    expect(artifact?.builderId).toBe('packer.post-processor.docker-import');
    expect(artifact?.state.generated_data).toMatchObject({
      ID: 'c0ffee',
      ImageSha256: 'sha256:committed',
      SourceImageSha256: 'sha256:source',
      SourceImageDigest: 'busybox@sha256:digest',
      ConnType: 'docker',
      PackerRunUUID: 'run-1',
    });
    // The provisioners saw the source image's values, and the image's placeholder.
    expect(provision.runs).toHaveLength(1);
    expect(provision.runs[0].generated).toMatchObject({
      ID: 'c0ffee',
      ImageSha256: 'ERR_IMAGE_SHA256_NOT_FOUND',
      SourceImageSha256: 'sha256:source',
      Host: '',
      Port: '0',
    });
    expect((provision.runs[0].communicator as FakeCommunicator).container).toBe('c0ffee');
    expect(provision.cleanups).toEqual(['success']);

    expect(t.said('say')).toEqual([
      'Creating a temporary directory for sharing data...',
      'Pulling Docker image: busybox:1',
      'Starting docker container...',
      'Committing the container',
      'Killing the container: c0ffee',
    ]);
    expect(t.said('message')).toEqual([
      'pulled busybox:1',
      `Run command: docker run --name ${t.recorded[0]} -d -i -t --entrypoint=/bin/sh -- busybox:1`,
      'Container ID: c0ffee',
      'Image ID: sha256:committed',
    ]);
    expect(t.said('error')).toEqual([]);

    // Destroying the artifact removes the image through the driver.
    await artifact?.destroy();
    expect(driver.ops().at(-1)).toBe('removeImage');
  });

  it('pull = false: no pull; an image the engine lacks is inspected again once docker run pulled it', async () => {
    let inspections = 0;
    const { driver, t, error } = await build('image = "busybox"\npull = false\ndiscard = true\n', (d) => {
      d.during.inspectImage = () => {
        inspections++;
        d.answer(
          'inspectImage',
          inspections === 1
            ? { ok: false, id: '', user: '', digest: '', stderr: 'Error: No such image: busybox' }
            : { ok: true, id: 'sha256:later', user: 'app', digest: '', stderr: '' },
        );
      };
    });
    expect(error).toBeUndefined();
    expect(driver.ops()).toEqual([
      'inspectImage',
      'startContainer',
      'inspectImage',
      'communicator',
      'removeContainer',
    ]);
    expect(t.said('message')).toContain(
      'Image busybox is not on the Docker engine yet: docker run will pull it.',
    );
    expect(t.said('message')).toContain(
      'No source image digest: this image may not have been pushed yet, which means no distribution digest has been created.',
    );
    // The image's user (from the second inspection) owns uploads.
    expect(call(driver, 'communicator')?.options).toEqual({
      execUser: undefined,
      pty: false,
      uploadOwner: 'app',
    });
  });

  it('run_command templates, volumes, privileged and the other container options reach docker run', async () => {
    const { driver, error } = await build(
      [
        'image = "busybox"',
        'discard = true',
        'run_command = ["-d", "--user=builder", "--entrypoint=/bin/sh", "{{.Image}}"]',
        'volumes = { "/data" = "/mnt/data", "~/cache" = "/cache" }',
        'container_dir = "/shared"',
        'privileged = true',
        'platform = "linux/arm64"',
        'cap_add = ["NET_ADMIN"]',
        'cap_drop = ["MKNOD"]',
        'tmpfs = ["/run"]',
        'device = ["/dev/fuse"]',
        'runtime = "runsc"',
        'exec_user = "1000"',
        'pty = true',
        '',
      ].join('\n'),
    );
    expect(error).toBeUndefined();
    const config = call(driver, 'startContainer')?.config;
    expect(config).toMatchObject({
      privileged: true,
      platform: 'linux/arm64',
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
      tmpfs: ['/run'],
      devices: ['/dev/fuse'],
      runtime: 'runsc',
      runCommand: ['-d', '--user=builder', '--entrypoint=/bin/sh', 'busybox'],
    });
    expect(config?.volumes.slice(0, 2)).toEqual([
      ['/data', '/mnt/data'],
      [path.join(os.homedir(), 'cache'), '/cache'],
    ]);
    // The shared temp dir comes last, at container_dir.
    expect(config?.volumes[2][0]).toMatch(/docker-shared-/);
    expect(config?.volumes[2][1]).toBe('/shared');
    expect(call(driver, 'pull')?.platform).toBe('linux/arm64');
    // run_command names the user: the container is asked who it runs as.
    expect(call(driver, 'containerUser')?.container).toBe('c0ffee');
    expect(call(driver, 'communicator')?.options).toEqual({
      execUser: '1000',
      pty: true,
      uploadOwner: 'app',
    });
  });

  it('fix_upload_owner = false gives uploads to nobody; no user is ever asked', async () => {
    const { driver } = await build('image = "busybox"\ndiscard = true\nfix_upload_owner = false\n');
    expect(call(driver, 'communicator')?.options.uploadOwner).toBeUndefined();
    expect(call(driver, 'containerUser')).toBeUndefined();
  });

  it('an image that runs as nobody in particular gives uploads to root', async () => {
    const { driver } = await build('image = "busybox"\ndiscard = true\n');
    expect(call(driver, 'communicator')?.options.uploadOwner).toBe('root');
  });

  it('export_path: the container is exported to the file, relative to the working directory', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-export-'));
    const t = stepContext({ cwd });
    const driver = new FakeDockerDriver();
    const artifact = await dockerBuilder(() => driver).run(
      decode(DOCKER_BUILDER_SCHEMA, 'image = "busybox"\nexport_path = "out/image.tar"\n'),
      t.ctx,
      new FakeProvision(),
    );
    expect(driver.ops()).toEqual([
      'pull',
      'inspectImage',
      'startContainer',
      'communicator',
      'exportContainer',
      'removeContainer',
    ]);
    expect(fs.readFileSync(path.join(cwd, 'out/image.tar'), 'utf8')).toBe('tar bytes');
    expect(artifact).toBeInstanceOf(DockerExportArtifact);
    expect([artifact?.id, artifact?.files, artifact?.builderId]).toEqual([
      'out/image.tar',
      ['out/image.tar'],
      'packer.docker',
    ]);
    expect(t.said('say')).toContain('Exporting the container');
    fs.rmSync(cwd, { recursive: true, force: true });
    fs.rmSync(t.tempDir, { recursive: true, force: true });
  });

  it('discard: nothing after provisioning, no artifact', async () => {
    const { artifact, driver, error } = await build('image = "busybox"\ndiscard = true\n');
    expect(error).toBeUndefined();
    expect(artifact).toBeUndefined();
    expect(driver.ops()).not.toContain('commit');
    expect(driver.ops()).not.toContain('exportContainer');
  });

  describe('a Dockerfile build', () => {
    const DOCKERFILE =
      'build {\n  path = "Dockerfile"\n  build_dir = "ctx"\n  arguments = { A = "1" }\n  pull = false\n  compress = true\n}\n';

    it('builds the base image, runs it, and (discarded) removes it in cleanup', async () => {
      const { driver, t, error } = await build(`${DOCKERFILE}discard = true\nplatform = "linux/amd64"\n`);
      expect(error).toBeUndefined();
      const cwd = t.ctx.build.cwd;
      expect(call(driver, 'buildImage')?.args).toEqual([
        '-f',
        path.join(cwd, 'Dockerfile'),
        '--platform',
        'linux/amd64',
        '--compress',
        '--build-arg',
        'A=1',
        path.join(cwd, 'ctx'),
      ]);
      // No pull (build.pull said); the built image is the one inspected and run.
      expect(driver.ops()).toEqual([
        'buildImage',
        'inspectImage',
        'startContainer',
        'communicator',
        'removeContainer',
        'removeImage',
      ]);
      expect(call(driver, 'inspectImage')?.image).toBe('sha256:built');
      expect(call(driver, 'startContainer')?.config.runCommand.at(-1)).toBe('sha256:built');
      expect(call(driver, 'removeImage')?.image).toBe('sha256:built');
      expect(t.recorded).toEqual(['sha256:built', expect.stringMatching(/^kiln-run-1-/)]);
      expect(t.ledger.size).toBe(0);
      expect(t.said('say').slice(0, 3)).toEqual([
        'Creating a temporary directory for sharing data...',
        'Building base image...',
        'Finished building base image "sha256:built"',
      ]);
    });

    it('a committed build keeps its base image (not in the ledger) and says so', async () => {
      const { driver, t } = await build(`${DOCKERFILE}commit = true\n`);
      expect(driver.ops()).not.toContain('removeImage');
      expect(t.recorded).toHaveLength(1);
      expect(t.said('say')).toContain(
        'final image is not discarded, removing the built image will fail because of existing dependencies, skipping cleanup for docker build.',
      );
    });

    it('a failed build says what docker said, and leaves nothing to clean up', async () => {
      const { driver, error } = await build(`${DOCKERFILE}discard = true\n`, (d) =>
        d.answer('buildImage', { code: 1, stdout: 'Step 1/2', stderr: 'unknown instruction: FRM' }),
      );
      expect(error?.message).toBe(
        'docker build failed: exit status 1; stdout: Step 1/2; stderr: unknown instruction: FRM',
      );
      expect(driver.ops()).toEqual(['buildImage']);
    });

    it('a base image that cannot be removed is reported, not an error', async () => {
      const { t, error } = await build(`${DOCKERFILE}discard = true\n`, (d) =>
        d.answer('removeImage', new Error('Error deleting image: exit status 1\nStderr: in use')),
      );
      expect(error).toBeUndefined();
      expect(t.said('say')).toContain(
        'failed to remove image "sha256:built": Error deleting image: exit status 1\nStderr: in use',
      );
      expect(t.ledger.has('sha256:built')).toBe(true);
    });
  });

  describe('registry login', () => {
    const LOGIN =
      'login = true\nlogin_server = "registry.example"\nlogin_username = "u"\nlogin_password = "p"\n';

    it('logs in around the pull, and out again', async () => {
      const { driver, t } = await build(`${COMMIT}${LOGIN}`);
      expect(driver.ops().slice(0, 3)).toEqual(['login', 'pull', 'logout']);
      expect(call(driver, 'login')).toEqual({
        op: 'login',
        server: 'registry.example',
        username: 'u',
        password: 'p',
      });
      expect(t.said('message').slice(0, 2)).toEqual(['Logging in...', 'pulled busybox:1']);
    });

    it('a refused login is the build error, worded as the plugin does', async () => {
      const { driver, error } = await build(`${COMMIT}${LOGIN}`, (d) =>
        d.answer('login', new Error('docker login failed: denied')),
      );
      expect(error?.message).toBe('Error logging in: docker login failed: denied');
      expect(driver.ops()).toEqual(['login']);
    });
  });

  describe('failures', () => {
    it('an unreachable engine is said so, with advice, at the first command', async () => {
      const driver = new FakeDockerDriver('docker', 'tcp://nowhere:2375');
      const { error } = await build(
        COMMIT,
        (d) =>
          d.answer(
            'pull',
            new Error('docker pull failed: Cannot connect to the Docker daemon at tcp://nowhere:2375.'),
          ),
        driver,
      );
      expect(error?.message).toMatch(
        /^No Docker engine is reachable at DOCKER_HOST=tcp:\/\/nowhere:2375: docker pull failed: Cannot connect to the Docker daemon/,
      );
      expect(error?.message).toContain('Start Docker, or point DOCKER_HOST at a running engine');
    });

    it('a failed pull', async () => {
      const { error } = await build(COMMIT, (d) =>
        d.answer('pull', new Error('docker pull failed: not found')),
      );
      expect(error?.message).toBe('Error pulling Docker image: docker pull failed: not found');
    });

    it('a source image that cannot be inspected is reported, and the build goes on', async () => {
      const { t, error } = await build(COMMIT, (d) =>
        d.answer('inspectImage', { ok: false, id: '', user: '', digest: '', stderr: 'permission denied\n' }),
      );
      expect(error).toBeUndefined();
      expect(t.said('error')).toEqual(['Error determining source Docker image Id: permission denied']);
    });

    it('a run_command template that does not render stops before anything is started or recorded', async () => {
      const { driver, t, error } = await build(`${COMMIT}run_command = ["{{.Image"]\n`);
      expect(error?.message).toMatch(/^Error preparing run command: /);
      expect(driver.ops()).toEqual(['pull', 'inspectImage']);
      expect(t.recorded).toEqual([]);
    });

    it('docker run failing: the container (by name) is still removed and released', async () => {
      const { driver, t, error } = await build(COMMIT, (d) =>
        d.answer('startContainer', new Error('docker run failed: no space left')),
      );
      expect(error?.message).toBe('Error running container: docker run failed: no space left');
      expect(call(driver, 'removeContainer')?.container).toBe(t.recorded[0]);
      expect(t.ledger.size).toBe(0);
      expect(t.said('say').filter((l) => l.startsWith('Killing the container'))).toEqual([]);
    });

    it('a failed provisioner: the error-cleanup runs, the container is removed, nothing is committed', async () => {
      const { driver, t, provision, error } = await build(COMMIT, (_d, p) => {
        p.fail = new Error('Script exited with non-zero exit status: 1');
      });
      expect(error?.message).toBe('Script exited with non-zero exit status: 1');
      expect(driver.ops()).toEqual([
        'pull',
        'inspectImage',
        'startContainer',
        'communicator',
        'removeContainer',
      ]);
      expect(provision.cleanups).toEqual(['failed']);
      expect(driver.running.size).toBe(0);
      expect(t.ledger.size).toBe(0);
    });

    it('a failed commit', async () => {
      const { driver, error } = await build(COMMIT, (d) =>
        d.answer('commit', new Error('docker commit failed: paused')),
      );
      expect(error?.message).toBe('Error committing container: docker commit failed: paused');
      expect(driver.running.size).toBe(0);
    });

    it('a container that cannot be removed is a cleanup error, and stays in the ledger', async () => {
      const { t, error } = await build(COMMIT, (d) =>
        d.answer('removeContainer', new Error('Error removing container c0ffee: busy')),
      );
      expect(error).toBeUndefined();
      expect(t.said('error')).toEqual([
        'Error cleaning up run container: Error removing container c0ffee: busy',
      ]);
      expect(t.ledger.size).toBe(1);
    });

    it('the inspection of a container that names its user failing', async () => {
      const { error, driver } = await build(`${COMMIT}run_command = ["-u", "app", "{{.Image}}"]\n`, (d) =>
        d.answer('containerUser', new Error('docker inspect failed: gone')),
      );
      expect(error?.message).toBe('Failed to inspect the container: docker inspect failed: gone');
      expect(driver.running.size).toBe(0);
    });
  });

  describe('cancellation', () => {
    it('while provisioning: the build is cancelled, the container removed, the ledger emptied', async () => {
      const { driver, t, provision, error } = await build(COMMIT, (_d, p, tc) => {
        p.during = () => tc.abort.abort();
        p.fail = new CancelledError();
      });
      expect(error).toBeInstanceOf(CancelledError);
      expect(provision.cleanups).toEqual(['cancelled']);
      expect(driver.ops()).not.toContain('commit');
      expect(driver.ops().at(-1)).toBe('removeContainer');
      expect(t.ledger.size).toBe(0);
    });

    it('once the discarded base image is built: the image it made is still removed', async () => {
      const { driver, t, error } = await build(
        'build {\n  path = "Dockerfile"\n}\ndiscard = true\n',
        (d, _p, tc) => {
          d.during.inspectImage = () => tc.abort.abort();
        },
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect(driver.ops()).toEqual(['buildImage', 'inspectImage', 'removeImage']);
      expect(t.ledger.size).toBe(0);
    });

    it('before the container starts: nothing is started, nothing recorded', async () => {
      const { driver, t, error } = await build(COMMIT, (d, _p, tc) => {
        d.during.inspectImage = () => tc.abort.abort();
      });
      expect(error).toBeInstanceOf(CancelledError);
      expect(driver.ops()).toEqual(['pull', 'inspectImage']);
      expect(t.recorded).toEqual([]);
    });
  });
});
