import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Writable } from 'node:stream';

import { docker, dockerOk } from '../../communicators/docker/cli';
import { DockerCommunicator } from '../../communicators/docker/communicator';
import { errorMessage } from '../../engine/abort';
import type { SweepOutcome } from '../../engine/sweep';
import type { Communicator } from '../../engine/types';
import type {
  CommitOptions,
  ContainerCommunicatorOptions,
  ContainerConfig,
  DockerDriver,
  DockerOutcome,
  ImageBuild,
  ImageInspection,
} from './driver';
import { dockerLogin } from './registry-login';
import { removeContainer, removeImage } from './sweep';

/**
 * The docker builder's driver through the docker CLI (Packer's DockerDriver): arguments as an
 * array, never through a shell; the engine is the environment's DOCKER_HOST.
 */

/** One line for the ID, the image's user (as JSON, which may be ""), then its repository digests. */
const INSPECT_FORMAT = '{{.Id}} {{json .Config.User}} {{range .RepoDigests}}{{.}} {{end}}';

export class CliDockerDriver implements DockerDriver {
  constructor(
    readonly executable: string,
    readonly host: string = process.env.DOCKER_HOST ?? '',
    /** Where `docker build` writes the built image's ID (the build's own temp dir). */
    private readonly scratchDir: string = os.tmpdir(),
  ) {}

  private run(
    args: readonly string[],
    signal: AbortSignal,
    more: Omit<Parameters<typeof docker>[1], 'signal'> = {},
  ) {
    return docker(args, { signal, executable: this.executable, ...more });
  }

  private runOk(
    args: readonly string[],
    signal: AbortSignal,
    more: Omit<Parameters<typeof docker>[1], 'signal'> = {},
  ) {
    return dockerOk(args, { signal, executable: this.executable, ...more });
  }

  login(server: string, username: string, password: string, signal: AbortSignal): Promise<void> {
    return dockerLogin({ server, username, password, executable: this.executable, signal });
  }

  logout(server: string): Promise<DockerOutcome> {
    // Logging out is part of cleaning up: it runs even when the build was cancelled.
    return this.run(['logout', ...(server ? [server] : [])], new AbortController().signal);
  }

  async pull(image: string, platform: string, signal: AbortSignal, progress: (text: string) => void) {
    await this.runOk(['pull', ...(platform ? ['--platform', platform] : []), image], signal, {
      stdout: (b) => {
        progress(b.toString('utf8').trimEnd());
      },
    });
  }

  async buildImage(args: readonly string[], signal: AbortSignal): Promise<ImageBuild> {
    const iidFile = path.join(this.scratchDir, 'docker-build-image-id');
    // Unlike the plugin: a failing Dockerfile step leaves no container behind (--force-rm).
    const r = await this.run(['build', '--iidfile', iidFile, '--force-rm', ...args], signal);
    if (r.code !== 0) return r;
    return { ...r, imageId: fs.readFileSync(iidFile, 'utf8').trim() };
  }

  async inspectImage(image: string, signal: AbortSignal): Promise<ImageInspection> {
    const r = await this.run(['image', 'inspect', '--format', INSPECT_FORMAT, image], signal).catch(
      (e: unknown) => ({ code: -1, stdout: '', stderr: errorMessage(e) }),
    );
    const [id, user, digest] = r.stdout.trim().split(/\s+/);
    return {
      ok: r.code === 0,
      id: id ?? '',
      user: user ? (JSON.parse(user) as string) : '',
      digest: digest ?? '',
      stderr: r.stderr,
    };
  }

  removeImage(image: string, signal: AbortSignal): Promise<SweepOutcome> {
    return removeImage(image, this.host, this.executable, signal);
  }

  private runArguments(config: ContainerConfig): string[] {
    const args = ['run', '--name', config.name];
    if (config.privileged) args.push('--privileged');
    if (config.platform) args.push('--platform', config.platform);
    for (const cap of config.capAdd) args.push('--cap-add', cap);
    for (const cap of config.capDrop) args.push('--cap-drop', cap);
    for (const t of config.tmpfs) args.push('--tmpfs', t);
    for (const d of config.devices) args.push('--device', d);
    if (config.runtime) args.push('--runtime', config.runtime);
    for (const [host, container] of config.volumes) args.push('-v', `${host}:${container}`);
    args.push(...config.runCommand);
    return args;
  }

  describeStart(config: ContainerConfig): string {
    return `${this.executable} ${this.runArguments(config).join(' ')}`;
  }

  startContainer(config: ContainerConfig, signal: AbortSignal): Promise<string> {
    return this.runOk(this.runArguments(config), signal);
  }

  containerUser(container: string, signal: AbortSignal): Promise<string> {
    return this.runOk(['inspect', '--format', '{{.Config.User}}', container], signal);
  }

  removeContainer(container: string, signal: AbortSignal): Promise<SweepOutcome> {
    return removeContainer(container, this.host, this.executable, signal);
  }

  commit(container: string, options: CommitOptions, signal: AbortSignal): Promise<string> {
    const args = ['commit'];
    for (const change of options.changes) args.push('--change', change);
    if (options.author) args.push('--author', options.author);
    if (options.message) args.push('--message', options.message);
    args.push(container);
    return this.runOk(args, signal);
  }

  async exportContainer(container: string, destination: Writable, signal: AbortSignal): Promise<void> {
    await this.runOk(['export', container], signal, { stdout: destination });
  }

  communicator(container: string, options: ContainerCommunicatorOptions): Communicator {
    return new DockerCommunicator(container, { ...options, executable: this.executable });
  }
}
