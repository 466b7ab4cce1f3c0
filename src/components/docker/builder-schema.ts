import { goQuote } from '../../text/go-quote';
import { BoolType, StringType, listOf, mapOf } from '../../values/types';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import type { WithCommunicator } from '../../schema/communicator';
import { goBool, goString, goStringMap } from '../../schema/go-fields';
import { goStat } from '../local-files';
import {
  ECR_CREDENTIAL_FIELDS,
  LOGIN_PASSWORD_FIELD,
  LOGIN_SERVER_FIELD,
  LOGIN_USERNAME_FIELD,
  ecrLoginField,
  loginField,
} from './login-fields';

/**
 * The `docker` builder's options, as github.com/hashicorp/docker declares them (builder/docker/config.go,
 * dockerfile_config.go and ecr_login.go), with the checks its Prepare makes. Communicator options
 * (`communicator`, which defaults to "docker" here, ssh_*, winrm_*) come from the shared list.
 */

const STRINGS = listOf(StringType);
const STRING_MAP = mapOf(StringType);

/** What `docker run` gets when run_command is not set (a Windows container gets powershell instead). */
export const DEFAULT_RUN_COMMAND: readonly string[] = [
  '-d',
  '-i',
  '-t',
  '--entrypoint=/bin/sh',
  '--',
  '{{.Image}}',
];
export const DEFAULT_WINDOWS_RUN_COMMAND: readonly string[] = [
  '-d',
  '-i',
  '-t',
  '--entrypoint=powershell',
  '--',
  '{{.Image}}',
];

const DOCKERFILE_BUILD_FIELDS = [
  {
    name: 'path',
    type: StringType,
    doc: 'The Dockerfile to build the base image from. Required in a `build` block; cannot be combined with `image`.',
  },
  {
    name: 'build_dir',
    type: StringType,
    doc: 'The directory `docker build` runs in (its build context).',
    defaultDoc: 'the current directory',
  },
  { name: 'arguments', type: STRING_MAP, doc: 'Build arguments, passed as `--build-arg name=value`.' },
  {
    name: 'pull',
    type: BoolType,
    doc: 'Pull newer versions of the Dockerfile base images while building (`--pull`).',
    default: true,
  },
  { name: 'compress', type: BoolType, doc: 'Compress the build context before sending it to the daemon.' },
] as const satisfies readonly FieldSpec[];

export const DOCKER_FIELDS = [
  {
    name: 'build',
    type: { kind: 'block', repeated: false, fields: DOCKERFILE_BUILD_FIELDS },
    doc: 'Build the base image from a Dockerfile with `docker build` instead of pulling `image`.',
  },
  { name: 'author', type: StringType, doc: 'The author (e-mail) recorded on the commit.' },
  {
    name: 'changes',
    type: STRINGS,
    doc: 'Dockerfile instructions applied when committing, such as `CMD`, `ENTRYPOINT`, `ENV`, `EXPOSE`, `USER`.',
  },
  {
    name: 'commit',
    type: BoolType,
    doc: 'Commit the container to an image. Exactly one of `commit`, `discard` and `export_path` must be set.',
  },
  {
    name: 'container_dir',
    type: StringType,
    doc: 'The directory inside the container where the host temporary directory is mounted for file uploads.',
    default: '/packer-files',
    defaultDoc: '`/packer-files`; `c:/packer-files` for a Windows container',
  },
  { name: 'device', type: STRINGS, doc: 'Host devices made available to the container (`--device`).' },
  {
    name: 'discard',
    type: BoolType,
    doc: 'Throw the container away at the end of the build (for example with the artifice post-processor).',
  },
  { name: 'cap_add', type: STRINGS, doc: 'Linux capabilities granted to the container (`--cap-add`).' },
  { name: 'cap_drop', type: STRINGS, doc: 'Linux capabilities dropped from the container (`--cap-drop`).' },
  {
    name: 'docker_path',
    type: StringType,
    doc: 'The docker executable to run (another path or a compatible tool such as podman).',
    default: 'docker',
  },
  {
    name: 'exec_user',
    type: StringType,
    doc: 'The user (UID or UID:GID) that runs the commands provisioners execute in the container.',
  },
  {
    name: 'export_path',
    type: StringType,
    doc: 'Export the container to this tar file. Must not be a directory.',
  },
  {
    name: 'image',
    type: StringType,
    doc: 'The base image to start the container from, in any form `docker pull` accepts. Required unless `build` is given.',
  },
  { name: 'message', type: StringType, doc: 'The message recorded on the commit.' },
  { name: 'privileged', type: BoolType, doc: 'Run the container with `--privileged`.' },
  { name: 'pty', type: BoolType, doc: 'Allocate a pseudo-terminal for the commands run in the container.' },
  {
    name: 'runtime',
    type: StringType,
    doc: 'The container runtime (`--runtime`), such as `runsc` or `kata-runtime`.',
  },
  {
    name: 'pull',
    type: BoolType,
    doc: 'Pull `image` before starting the container. Ignored (with a warning when set) if `build` is given.',
    default: true,
  },
  {
    name: 'run_command',
    type: STRINGS,
    doc: 'Arguments to `docker run`; `{{.Image}}` stands for the image.',
    default: DEFAULT_RUN_COMMAND,
    defaultDoc:
      '`["-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}"]`; `--entrypoint=powershell` for a Windows container',
  },
  { name: 'tmpfs', type: STRINGS, doc: 'tmpfs mounts added to the container (`--tmpfs`).' },
  {
    name: 'volumes',
    type: STRING_MAP,
    doc: 'Extra volumes to mount: host path as the key, container path as the value.',
  },
  {
    name: 'fix_upload_owner',
    type: BoolType,
    doc: 'Give uploaded files to the user the container runs as.',
    default: true,
  },
  {
    name: 'windows_container',
    type: BoolType,
    doc: 'Build a Windows container on a Windows host (changes the communicator and the defaults above).',
  },
  {
    name: 'platform',
    type: StringType,
    doc: 'The platform to pull or build for, on a multi-platform server.',
  },
  loginField('Log in to a private registry before pulling or building (see `login_server`).'),
  LOGIN_PASSWORD_FIELD,
  LOGIN_SERVER_FIELD,
  LOGIN_USERNAME_FIELD,
  ecrLoginField(
    'Log in to Amazon ECR for the pull or build; requires `login_server`, and `login*` credentials are then ignored.',
  ),
  ...ECR_CREDENTIAL_FIELDS,
] as const satisfies readonly FieldSpec[];

/** What the builder's checks and runtime read: its options and the docker communicator's. */
export type DockerBuilderView = ConfigView<WithCommunicator<typeof DOCKER_FIELDS>>;

/** One `build` block. */
export type DockerfileBuildView = ConfigView<typeof DOCKERFILE_BUILD_FIELDS>;

/**
 * DockerfileBootstrapConfig.IsDefault: a `build {}` with nothing in it counts as no build at all
 * (undefined while a value is unknown).
 */
export function buildIsDefault(build: DockerfileBuildView): boolean | undefined {
  const path = goString(build, 'path');
  const dir = goString(build, 'build_dir');
  const args = goStringMap(build, 'arguments');
  const compress = goBool(build, 'compress');
  if (path === undefined || dir === undefined || args === undefined || compress === undefined)
    return undefined;
  // `pull` is a Trilean: writing it at all (true or false) makes the block non-default.
  const pullWritten = build.isSet('pull') && (!build.isKnown('pull') || build.bool('pull') !== undefined);
  return path === '' && dir === '' && Object.keys(args ?? {}).length === 0 && !compress && !pullWritten;
}

/** DockerfileBootstrapConfig.Prepare: the first problem only, as Packer stops there. */
function dockerfileBuildProblem(build: DockerfileBuildView): string | undefined {
  const path = goString(build, 'path');
  const dir = goString(build, 'build_dir');
  if (path === undefined) return undefined;
  if (path === '') return '`path` is required for bootstrapping a build with `docker build`';
  if (dir === undefined) return undefined;
  const file = goStat(path);
  if (typeof file === 'string') return `failed to stat file ${goQuote(path)}: ${file}`;
  if (!file.isFile()) return `dockerfile ${goQuote(path)} is not a regular file`;
  const buildDir = dir === '' ? '.' : dir;
  const directory = goStat(buildDir);
  if (typeof directory === 'string')
    return `failed to stat build directory ${goQuote(buildDir)}: ${directory}`;
  if (!directory.isDirectory()) return `specified build_dir ${goQuote(buildDir)} is not a directory`;
  return undefined;
}

function validateDocker(view: DockerBuilderView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const build = view.blocks('build')[0];
  const bootstrap = build === undefined ? false : buildIsDefault(build) === false;
  const image = goString(view, 'image');

  if (build !== undefined && bootstrap) {
    const problem = dockerfileBuildProblem(build);
    if (problem !== undefined) problems.push({ message: problem, field: 'build' });
    if (image !== undefined && image !== '') {
      problems.push({ message: '`image` cannot be specified with a build config', field: 'image' });
    }
    if (goBool(view, 'pull') === true && view.isSet('pull')) {
      problems.push({
        severity: 'warning',
        message:
          'when running a bootstrap build, the `pull` option is ignored and is replaced by `build.pull` (true by default)',
        field: 'pull',
      });
    }
  } else if (image === '' && (build === undefined || buildIsDefault(build) === true)) {
    problems.push({
      message:
        "missing 'image' attribute or 'build' section, either needs to be specified for a build to run.",
    });
  }

  const commit = goBool(view, 'commit');
  const discard = goBool(view, 'discard');
  const exportPath = goString(view, 'export_path');
  if (commit !== undefined && discard !== undefined && exportPath !== undefined) {
    const uses = [commit, discard, exportPath !== ''].filter(Boolean).length;
    if (uses > 1)
      problems.push({ message: 'Cannot specify more than one of commit, discard, and export_path' });
    if (uses === 0) {
      problems.push({
        message: 'No instructions given for handling the artifact; expected commit, discard, or export_path',
      });
    }
  }
  if (exportPath !== undefined && exportPath !== '') {
    const stat = goStat(exportPath);
    if (typeof stat !== 'string' && stat.isDirectory()) {
      problems.push({ message: 'export_path must be a file, not a directory', field: 'export_path' });
    }
  }

  if (goBool(view, 'ecr_login') === true && goString(view, 'login_server') === '') {
    problems.push({ message: 'ECR login requires login server to be provided.', field: 'ecr_login' });
  }
  return problems;
}

export const DOCKER_BUILDER_SCHEMA: ComponentSchema<
  typeof DOCKER_FIELDS,
  WithCommunicator<typeof DOCKER_FIELDS>
> = {
  kind: 'builder',
  type: 'docker',
  plugin: 'github.com/hashicorp/docker',
  doc:
    'Starts a container from `image` (or from an image built from a Dockerfile with a `build` block), ' +
    'runs the provisioners inside it through the docker communicator, and then commits the container ' +
    'to an image, exports it to a tar file, or discards it.',
  fields: DOCKER_FIELDS,
  communicator: 'docker',
  validate: validateDocker,
};
