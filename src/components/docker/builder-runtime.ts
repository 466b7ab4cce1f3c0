import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type DockerRun, docker, dockerOk } from '../../communicators/docker/cli';
import { DockerCommunicator } from '../../communicators/docker/communicator';
import { provisionHookData } from '../../engine/provision-hook-data';
import { PROVISION_STEP, builderStepsOptions, runSteps } from '../../engine/steps';
import {
  type Artifact,
  type BuilderRuntime,
  type GeneratedData,
  type Step,
  type StepCleanupContext,
  type StepContext,
  StateKey,
} from '../../engine/types';
import { renderGoTemplate } from '../../gotemplate/index';
import { goQuote } from '../../text/go-quote';
import type { ConfigView } from '../../schema/types';
import { createFileWriteStream, makeDirectory } from '../../engine/file-errors';
import { DEFAULT_RUN_COMMAND, buildIsDefault } from './builder-schema';
import { registryLogin as loginToRegistry } from './registry-login';
import { removeContainer, removeImage, runContainerPrefix } from './sweep';

/**
 * The `docker` builder, as Packer's docker plugin runs it through the docker CLI: pull (when
 * asked), run a container from `image` with `run_command`, provision it over `docker exec`, then
 * commit it to an image, export its filesystem to a tar file, or discard it. The container is
 * recorded in the ledger the moment it exists and removed on every outcome.
 */

/** Packer's BuilderId for committed images (what docker-tag and docker-push accept). */
/** What `docker image inspect` said about the source image; `missing` when the engine lacks it. */
interface SourceInspection {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing: boolean;
}

export const DOCKER_IMPORT_BUILDER_ID = 'packer.post-processor.docker-import';
export const DOCKER_BUILDER_ID = 'packer.docker';

const CONTAINER = new StateKey<string>('container_id');
const CONTAINER_NAME = new StateKey<string>('container_name');
const SHARED_DIR = new StateKey<string>('temp_dir');

/** Values provisioners see as `build.X` / `{{ .X }}`: the plugin's placeholders until known. */
type DockerGenerated = Record<'ImageSha256' | 'SourceImageDigest' | 'SourceImageSha256', string>;

class DockerImageArtifact implements Artifact {
  readonly builderId = DOCKER_IMPORT_BUILDER_ID;
  readonly files: readonly string[] = [];
  readonly description: string;
  readonly state: Readonly<Record<string, unknown>>;

  constructor(
    readonly id: string,
    generated: GeneratedData,
    private readonly executable: string,
  ) {
    this.description = `Imported Docker image: ${id}`;
    this.state = { generated_data: { ...generated } };
  }

  async destroy(): Promise<void> {
    await docker(['rmi', this.id], { signal: new AbortController().signal, executable: this.executable });
  }
}

class DockerExportArtifact implements Artifact {
  readonly builderId = DOCKER_BUILDER_ID;
  readonly files: readonly string[];
  readonly description: string;
  readonly state: Readonly<Record<string, unknown>>;

  constructor(
    readonly id: string,
    generated: GeneratedData,
  ) {
    this.files = [id];
    this.description = `Exported Docker file: ${id}`;
    this.state = { generated_data: { ...generated } };
  }

  destroy(): Promise<void> {
    return fs.promises.rm(this.id, { force: true });
  }
}

function runArguments(view: ConfigView, image: string, sharedDir: string): string[] {
  const args = ['run'];
  if (view.bool('privileged')) args.push('--privileged');
  const platform = view.string('platform');
  if (platform) args.push('--platform', platform);
  for (const cap of view.strings('cap_add') ?? []) args.push('--cap-add', cap);
  for (const cap of view.strings('cap_drop') ?? []) args.push('--cap-drop', cap);
  for (const t of view.strings('tmpfs') ?? []) args.push('--tmpfs', t);
  for (const d of view.strings('device') ?? []) args.push('--device', d);
  const runtime = view.string('runtime');
  if (runtime) args.push('--runtime', runtime);
  const volumes: Record<string, string> = { ...(view.stringMap('volumes') ?? {}) };
  // The plugin shares a host temporary directory with the container at container_dir.
  volumes[sharedDir] = view.string('container_dir') || '/packer-files';
  for (const [host, container] of Object.entries(volumes)) {
    const expanded = host.startsWith('~/') ? path.join(os.homedir(), host.slice(2)) : host;
    args.push('-v', `${expanded}:${container}`);
  }
  const command = view.isSet('run_command') ? (view.strings('run_command') ?? []) : DEFAULT_RUN_COMMAND;
  for (const part of command) {
    const r = renderGoTemplate(part, { data: { Image: image } });
    if (!r.ok) throw new Error(`Error preparing run command: ${r.message}`);
    args.push(r.value);
  }
  return args;
}

/**
 * DockerfileBootstrapConfig.BuildArgs: `-f <absolute Dockerfile>`, the platform, `--pull` unless
 * `build.pull = false`, `--compress`, one `--build-arg` per argument, then the context directory.
 * Relative paths are the build's working directory's, as Packer resolves them from its own.
 */
export function dockerfileBuildArguments(build: ConfigView, view: ConfigView, cwd: string): string[] {
  const args = ['-f', path.resolve(cwd, build.string('path') ?? '')];
  const platform = view.string('platform');
  if (platform) args.push('--platform', platform);
  if (build.bool('pull') !== false) args.push('--pull');
  if (build.bool('compress') === true) args.push('--compress');
  for (const [key, value] of Object.entries(build.stringMap('arguments') ?? {}))
    args.push('--build-arg', `${key}=${value}`);
  args.push(path.resolve(cwd, build.string('build_dir') || '.'));
  return args;
}

export const DOCKER_BUILDER: BuilderRuntime = {
  type: 'docker',
  async run(config, ctx, provision) {
    const view = config.view;
    // A Dockerfile `build` section makes the base image; then it is the image the build runs.
    const bootstrap = view.blocks('build').find((b) => buildIsDefault(b) === false);
    let image = view.string('image') ?? '';
    const host = process.env.DOCKER_HOST ?? '';
    const executable = view.string('docker_path') || 'docker';
    const run = (args: readonly string[], c: StepContext, more: Omit<DockerRun, 'signal'> = {}) =>
      docker(args, { signal: c.signal, executable, ...more });
    const runOk = (args: readonly string[], c: StepContext, more: Omit<DockerRun, 'signal'> = {}) =>
      dockerOk(args, { signal: c.signal, executable, ...more });
    const generated: DockerGenerated = {
      ImageSha256: 'ERR_IMAGE_SHA256_NOT_FOUND',
      SourceImageDigest: 'ERR_SOURCE_IMAGE_DIGEST_NOT_FOUND',
      SourceImageSha256: 'ERR_SOURCE_IMAGE_SHA256_NOT_FOUND',
    };
    let result: Artifact | undefined;
    let imageUser = '';
    // What the provisioners saw; the artifact carries it (with the image's digest) to post-processors.
    let hookData: GeneratedData = {};

    let inspectAfterRun = false;
    const inspectSource = async (c: StepContext): Promise<SourceInspection> => {
      const info = await run(
        [
          'image',
          'inspect',
          '--format',
          '{{.Id}} {{json .Config.User}} {{range .RepoDigests}}{{.}} {{end}}',
          image,
        ],
        c,
      ).catch((e: unknown) => ({ code: -1, stdout: '', stderr: errorText(e) }));
      const noEngine = info.code !== 0 ? engineProblem(info.stderr) : undefined;
      if (noEngine) throw noEngine;
      return { ...info, missing: info.code !== 0 && /no such (image|object)/i.test(info.stderr) };
    };
    const recordSource = (info: SourceInspection, c: StepContext): void => {
      const [id, user, digest] = info.stdout.trim().split(/\s+/);
      imageUser = user ? (JSON.parse(user) as string) : '';
      if (info.code === 0 && id) generated.SourceImageSha256 = id;
      else c.ui.error(`Error determining source Docker image Id: ${info.stderr.trim()}`);
      // The plugin reports a missing digest as an error on every build of a local image; it
      // is not one (the build goes on), so it is a plain message here.
      if (info.code === 0 && digest) generated.SourceImageDigest = digest;
      else
        c.ui.message(
          'No source image digest: this image may not have been pushed yet, which means no ' +
            'distribution digest has been created.',
        );
    };
    // No separate "is there an engine?" call (each docker command costs a process start): the
    // first command's failure says so, and is turned into advice.
    const engineProblem = (stderr: string): Error | undefined =>
      /Cannot connect to the Docker daemon|error during connect|cannot run /i.test(stderr)
        ? new Error(
            `No Docker engine is reachable${host ? ` at DOCKER_HOST=${host}` : ''}: ${stderr.trim()}\n` +
              'Start Docker, or point DOCKER_HOST at a running engine (in a clone of Kiln on Debian: ' +
              '`bash test-env/install-deps.sh && bash test-env/start.sh && . /tmp/kiln-test-env/env.sh`).',
          )
        : undefined;
    let built = false;
    // `login` / `ecr_login` around a pull or a Dockerfile build; an unreachable engine is said so.
    const registryLogin = (c: StepContext): Promise<() => Promise<void>> =>
      loginToRegistry(view, c.ui, c.signal, { loginError: 'Error logging in', executable }).catch(
        (e: unknown) => {
          throw engineProblem(errorText(e)) ?? e;
        },
      );
    const steps: Step[] = [
      {
        name: 'temp dir',
        run(c) {
          c.ui.say('Creating a temporary directory for sharing data...');
          // Inside the build's own temp dir, so it goes with it (and with a sweep of it).
          c.state.set(SHARED_DIR, fs.mkdtempSync(path.join(c.build.tempDir, 'docker-shared-')));
          return Promise.resolve();
        },
        cleanup(c) {
          const dir = c.state.get(SHARED_DIR);
          if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
          return Promise.resolve();
        },
      },
      // Only with a Dockerfile `build` section (the plugin's stepBuild does nothing otherwise).
      ...(bootstrap
        ? [
            {
              name: 'build',
              async run(c: StepContext) {
                c.ui.say('Building base image...');
                const logout = await registryLogin(c);
                try {
                  const iidFile = path.join(c.build.tempDir, 'docker-build-image-id');
                  const args = [
                    'build',
                    '--iidfile',
                    iidFile,
                    // Unlike the plugin: a failing Dockerfile step leaves no container behind.
                    '--force-rm',
                    ...dockerfileBuildArguments(bootstrap, view, c.build.cwd),
                  ];
                  const r = await run(args, c);
                  if (r.code !== 0)
                    throw (
                      engineProblem(r.stderr) ??
                      new Error(
                        `${executable} build failed: exit status ${r.code}; stdout: ${r.stdout}; stderr: ${r.stderr}`,
                      )
                    );
                  image = fs.readFileSync(iidFile, 'utf8').trim();
                } finally {
                  await logout();
                }
                built = true;
                // Only a discarded build deletes its base image; record it for a sweep then.
                if (view.bool('discard') === true)
                  c.ledger.record({
                    id: image,
                    kind: 'docker-image',
                    // What and where, never which program: a sweep decides that.
                    data: { dockerHost: host },
                  });
                c.ui.say(`Finished building base image ${goQuote(image)}`);
              },
              async cleanup(c: StepCleanupContext) {
                if (!built) return;
                if (view.bool('discard') !== true) {
                  c.ui.say(
                    'final image is not discarded, removing the built image will fail because of existing dependencies, skipping cleanup for docker build.',
                  );
                  return;
                }
                try {
                  await removeImage(image, host, executable, new AbortController().signal);
                  c.ledger.release(image);
                } catch (e) {
                  c.ui.say(`failed to remove image ${goQuote(image)}: ${errorText(e)}`);
                  c.ui.say(
                    'if you have other images using this dockerfile, this is expected and can safely be ignored.',
                  );
                }
              },
            },
          ]
        : []),
      {
        name: 'pull',
        async run(c) {
          // A bootstrap build pulls with `build.pull` instead (the plugin sets `pull` to false).
          if (!bootstrap && view.bool('pull') !== false) {
            c.ui.say(`Pulling Docker image: ${image}`);
            const logout = await registryLogin(c);
            try {
              const args = [
                'pull',
                ...(view.string('platform') ? ['--platform', view.string('platform')!] : []),
              ];
              await runOk([...args, image], c, {
                stdout: (b) => c.ui.message(b.toString('utf8').trimEnd()),
              }).catch((e: unknown) => {
                throw engineProblem(errorText(e)) ?? new Error(`Error pulling Docker image: ${errorText(e)}`);
              });
            } finally {
              await logout();
            }
          }
          // The plugin records the source image's ID and digest whether or not it pulled (one
          // inspect here: its first RepoDigest, when the image has one).
          const info = await inspectSource(c);
          // Without a pull an image the engine lacks is no error: `docker run` pulls it, and the
          // plugin's red "Error determining source Docker image Id" on a build that then succeeds
          // misleads. Say what happens instead, and inspect again once the container runs.
          if (info.missing && (bootstrap !== undefined || view.bool('pull') === false)) {
            inspectAfterRun = true;
            c.ui.message(`Image ${image} is not on the Docker engine yet: docker run will pull it.`);
            return;
          }
          recordSource(info, c);
        },
      },
      {
        name: 'run container',
        async run(c) {
          c.ui.say('Starting docker container...');
          const args = runArguments(view, image, c.state.require(SHARED_DIR));
          // The container is named (with the run ID) and recorded under that name before it
          // exists: a process killed while `docker run` starts it still leaves it in the ledger.
          // (A label would end up in the committed image.)
          const name = containerName(c.build.runId);
          args.splice(1, 0, '--name', name);
          c.ledger.record({ id: name, kind: 'docker-container', data: { dockerHost: host } });
          c.state.set(CONTAINER_NAME, name);
          c.ui.message(`Run command: ${executable} ${args.join(' ')}`);
          const id = await runOk(args, c).catch((e: unknown) => {
            throw new Error(`Error running container: ${errorText(e)}`);
          });
          c.state.set(CONTAINER, id);
          c.ui.message(`Container ID: ${id}`);
          if (inspectAfterRun) recordSource(await inspectSource(c), c);
        },
        async cleanup(c) {
          const name = c.state.get(CONTAINER_NAME);
          if (name === undefined) return;
          const id = c.state.get(CONTAINER);
          // When `docker run` failed there may be no container; removing it by name is then a no-op.
          if (id !== undefined) c.ui.say(`Killing the container: ${id}`);
          await removeContainer(id ?? name, host, executable, new AbortController().signal);
          c.ledger.release(name);
        },
      },
      {
        name: PROVISION_STEP,
        async run(c: StepContext) {
          const id = c.state.require(CONTAINER);
          let uploadOwner: string | undefined;
          if (view.bool('fix_upload_owner') !== false) {
            // The container runs as its image's user unless run_command says otherwise; only then
            // is the container itself asked (as the plugin always does).
            const command = view.strings('run_command') ?? [];
            const overridden = command.some((a) => /^(-u|--user)(=|$)/.test(a));
            const user = !overridden
              ? imageUser
              : await runOk(['inspect', '--format', '{{.Config.User}}', id], c).catch((e: unknown) => {
                  throw new Error(`Failed to inspect the container: ${errorText(e)}`);
                });
            uploadOwner = user || 'root';
          }
          const communicator = new DockerCommunicator(id, {
            execUser: view.string('exec_user') || undefined,
            executable,
            pty: view.bool('pty') === true,
            uploadOwner,
          });
          // The docker communicator's configuration has no host, port or user (the SDK's Config
          // accessors answer their zero values for it).
          hookData = provisionHookData({
            generated,
            instanceId: id,
            runId: c.build.runId,
            communicator: { type: 'docker', host: '', port: 0, user: '', password: '' },
          });
          await provision.run(communicator, hookData, c);
        },
        cleanup: (c) => provision.cleanup(c),
      },
    ];
    if (view.bool('commit')) {
      steps.push({
        name: 'commit',
        async run(c) {
          c.ui.say('Committing the container');
          const args = ['commit'];
          for (const change of view.strings('changes') ?? []) args.push('--change', change);
          const author = view.string('author');
          if (author) args.push('--author', author);
          const message = view.string('message');
          if (message) args.push('--message', message);
          args.push(c.state.require(CONTAINER));
          const imageId = await runOk(args, c).catch((e: unknown) => {
            throw new Error(`Error committing container: ${errorText(e)}`);
          });
          generated.ImageSha256 = imageId;
          c.ui.message(`Image ID: ${imageId}`);
          result = new DockerImageArtifact(imageId, { ...hookData, ...generated }, executable);
        },
      });
    } else if (view.string('export_path')) {
      const exportPath = view.string('export_path') as string;
      steps.push({
        name: 'export',
        async run(c) {
          const target = path.resolve(c.build.cwd, exportPath);
          c.ui.say('Exporting the container');
          makeDirectory(path.dirname(target));
          const out = createFileWriteStream(target);
          try {
            await runOk(['export', c.state.require(CONTAINER)], c, { stdout: out });
          } finally {
            await new Promise((resolve) => out.end(resolve));
          }
          result = new DockerExportArtifact(exportPath, { ...hookData, ...generated });
        },
      });
    }
    const r = await runSteps(steps, ctx, builderStepsOptions(ctx));
    if (r.outcome !== 'success') throw r.error;
    return result;
  },
};

function containerName(runId: string): string {
  return `${runContainerPrefix(runId)}${Math.random().toString(36).slice(2, 10)}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
