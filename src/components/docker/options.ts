import * as path from 'node:path';

import { sharedView } from '../../schema/shared-view';
import { DEFAULT_RUN_COMMAND, type DockerBuilderView, buildIsDefault } from './builder-schema';
import type { RegistryLoginFields } from './login-fields';
import { type RegistryLoginConfig, readRegistryLogin } from './registry-login';

/**
 * The docker builder's options, read from the decoded configuration once, in one place: the steps
 * receive this plain object and never read the configuration themselves.
 */

/** A Dockerfile `build` block that is not empty (Packer's DockerfileBootstrapConfig). */
export interface DockerfileBuildOptions {
  readonly path: string;
  readonly buildDir: string;
  readonly arguments: Readonly<Record<string, string>>;
  /** `build.pull`: `--pull` unless false. */
  readonly pull: boolean;
  readonly compress: boolean;
}

export interface DockerBuilderOptions {
  /** `image`: the base image, unless a Dockerfile build makes it. */
  readonly image: string;
  readonly dockerfile?: DockerfileBuildOptions;
  /** `docker_path`, 'docker' when empty. */
  readonly executable: string;
  /** `pull`: pull `image` before starting (ignored with a Dockerfile build). */
  readonly pull: boolean;
  readonly platform: string;
  readonly registry: RegistryLoginConfig;

  readonly privileged: boolean;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly tmpfs: readonly string[];
  readonly devices: readonly string[];
  readonly runtime: string;
  /** `volumes`, host path as written (`~/` expanded when the container starts). */
  readonly volumes: Readonly<Record<string, string>>;
  readonly containerDir: string;
  /** `run_command`, or the default when not set; `{{.Image}}` not yet rendered. */
  readonly runCommand: readonly string[];

  /** `exec_user`, undefined when empty. */
  readonly execUser?: string;
  readonly pty: boolean;
  readonly fixUploadOwner: boolean;

  readonly commit: boolean;
  readonly discard: boolean;
  readonly exportPath: string;
  readonly changes: readonly string[];
  readonly author: string;
  readonly message: string;
}

function readDockerfileBuild(view: DockerBuilderView): DockerfileBuildOptions | undefined {
  const build = view.blocks('build').find((b) => buildIsDefault(b) === false);
  if (build === undefined) return undefined;
  return {
    path: build.string('path') ?? '',
    buildDir: build.string('build_dir') ?? '',
    arguments: build.stringMap('arguments') ?? {},
    pull: build.bool('pull') !== false,
    compress: build.bool('compress') === true,
  };
}

export function readDockerOptions(view: DockerBuilderView): DockerBuilderOptions {
  return {
    image: view.string('image') ?? '',
    dockerfile: readDockerfileBuild(view),
    executable: view.string('docker_path') || 'docker',
    pull: view.bool('pull') !== false,
    platform: view.string('platform') ?? '',
    registry: readRegistryLogin(sharedView<RegistryLoginFields>()(view)),
    privileged: view.bool('privileged') === true,
    capAdd: view.strings('cap_add') ?? [],
    capDrop: view.strings('cap_drop') ?? [],
    tmpfs: view.strings('tmpfs') ?? [],
    devices: view.strings('device') ?? [],
    runtime: view.string('runtime') ?? '',
    volumes: view.stringMap('volumes') ?? {},
    containerDir: view.string('container_dir') || '/packer-files',
    runCommand: view.isSet('run_command') ? (view.strings('run_command') ?? []) : DEFAULT_RUN_COMMAND,
    execUser: view.string('exec_user') || undefined,
    pty: view.bool('pty') === true,
    fixUploadOwner: view.bool('fix_upload_owner') !== false,
    commit: view.bool('commit') === true,
    discard: view.bool('discard') === true,
    exportPath: view.string('export_path') ?? '',
    changes: view.strings('changes') ?? [],
    author: view.string('author') ?? '',
    message: view.string('message') ?? '',
  };
}

/**
 * DockerfileBootstrapConfig.BuildArgs: `-f <absolute Dockerfile>`, the platform, `--pull` unless
 * `build.pull = false`, `--compress`, one `--build-arg` per argument, then the context directory.
 * Relative paths are the build's working directory's, as Packer resolves them from its own.
 */
export function dockerfileBuildArguments(
  build: DockerfileBuildOptions,
  platform: string,
  cwd: string,
): string[] {
  const args = ['-f', path.resolve(cwd, build.path)];
  if (platform) args.push('--platform', platform);
  if (build.pull) args.push('--pull');
  if (build.compress) args.push('--compress');
  for (const [key, value] of Object.entries(build.arguments)) args.push('--build-arg', `${key}=${value}`);
  args.push(path.resolve(cwd, build.buildDir || '.'));
  return args;
}
