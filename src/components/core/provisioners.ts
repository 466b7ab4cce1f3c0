import { BoolType, StringType } from '../../values/types';
import type {
  ComponentSchema,
  ConfigProblem,
  ConfigView,
  FieldSpec,
  StringFieldName,
} from '../../schema/types';
import { goBool, goString, goStrings, hasTemplateActions } from '../../schema/go-fields';
import { goStat } from '../local-files';
import { STRINGS, commonShellFields, environmentVarProblems, scriptSourceProblems } from './shell-common';
import { DEFAULT_INLINE_SHEBANG, SHELL_LOCAL_FIELDS, validateShellLocal } from './shell-local-config';

/**
 * The provisioners that ship inside Packer: `shell`, `file`, `shell-local`, `breakpoint` and `sleep`
 * (provisioner/* in hashicorp/packer, with the shell options of packer-plugin-sdk), with the checks
 * their Prepare functions make, in their words.
 */

// ---- shell ----------------------------------------------------------------------------------------

const SHELL_EXECUTE_COMMAND = 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}';
const SHELL_ENV_VAR_FILE_EXECUTE_COMMAND = 'chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}';
const SHELL_ENV_VAR_FORMAT = "%s='%s' ";
const SHELL_ENV_VAR_FILE_FORMAT = "export %s='%s'\n";

export const SHELL_FIELDS = [
  ...commonShellFields('on the machine being provisioned'),
  {
    name: 'env_var_format',
    type: StringType,
    doc: 'A Go format with two `%s` (name, value) used for each variable in `{{.Vars}}` or the variables file.',
    defaultDoc: "`%s='%s' `; with `use_env_var_file`, `export %s='%s'` and a newline",
  },
  {
    name: 'binary',
    type: BoolType,
    doc: 'Upload the scripts as they are, without turning Windows line endings into Unix ones.',
  },
  {
    name: 'remote_path',
    type: StringType,
    doc: 'Where each script is uploaded on the machine (a writable file in an existing directory).',
    defaultDoc: '`<remote_folder>/<remote_file>`',
  },
  {
    name: 'execute_command',
    type: StringType,
    doc:
      'The command that runs each uploaded script: `{{.Path}}` is its remote path, `{{.Vars}}` the ' +
      'environment variables, `{{.EnvVarFile}}` the variables file with `use_env_var_file`.',
    defaultDoc:
      '`chmod +x {{.Path}}; {{.Vars}} {{.Path}}`; with `use_env_var_file`, `chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}`',
  },
  {
    name: 'inline_shebang',
    type: StringType,
    doc:
      'The interpreter line (without `#!`) put at the top of the script made from `inline`. When not set, ' +
      'an `inline` whose first line already starts with `#!` keeps its own.',
    default: DEFAULT_INLINE_SHEBANG,
  },
  {
    name: 'pause_after',
    type: { kind: 'duration' },
    doc: 'Wait this long after the last script has run, for example before a reboot takes effect.',
  },
  {
    name: 'use_env_var_file',
    type: BoolType,
    doc: 'Write the environment variables to a file uploaded next to the script and source it, instead of inlining them.',
  },
  {
    name: 'remote_folder',
    type: StringType,
    doc: 'The existing directory on the machine the scripts are uploaded to.',
    default: '/tmp',
  },
  {
    name: 'remote_file',
    type: StringType,
    doc: 'The file name each script is uploaded as.',
    defaultDoc: '`script_<n>.sh`, with a random number n',
  },
  {
    name: 'start_retry_timeout',
    type: { kind: 'duration' },
    doc: 'How long to keep retrying to upload and start a script, for example while the machine reboots.',
    default: '5m',
  },
  {
    name: 'skip_clean',
    type: BoolType,
    doc: 'Leave the uploaded scripts on the machine instead of removing them.',
  },
  {
    name: 'expect_disconnect',
    type: BoolType,
    doc: 'Treat a lost connection while a script runs as success (the script rebooted the machine, for instance).',
  },
] as const satisfies readonly FieldSpec[];

/** The shell provisioner's configuration. */
export type ShellView = ConfigView<typeof SHELL_FIELDS>;

function validateShell(view: ShellView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const script = goString(view, 'script');
  const listed = goStrings(view, 'scripts');
  const inline = goStrings(view, 'inline');
  if (script !== undefined && listed !== undefined && inline !== undefined) {
    problems.push(...scriptSourceProblems(script, listed, inline));
  }
  problems.push(...environmentVarProblems(goStrings(view, 'environment_vars')));
  return problems;
}

export const SHELL_PROVISIONER_SCHEMA: ComponentSchema<typeof SHELL_FIELDS> = {
  kind: 'provisioner',
  type: 'shell',
  plugin: 'builtin',
  doc:
    'Uploads shell scripts (local files or `inline` commands) to the machine through the communicator ' +
    'and runs them there. Exactly one of `inline`, `script` and `scripts` is required.',
  fields: SHELL_FIELDS,
  validate: validateShell,
};

/** The shell provisioner's options with Packer's defaulting applied, as the runner needs them. */
export interface ShellSettings {
  readonly executeCommand: string;
  readonly envVarFormat: string;
  readonly inlineShebang: string;
  /** A shebang was written: it is used even when the inline commands start with their own `#!`. */
  readonly inlineShebangDefined: boolean;
  readonly remoteFolder: string;
  readonly remoteFile: string;
  readonly remotePath: string;
}

/**
 * Packer's Prepare defaulting for a shell configuration whose values are known: execute_command and
 * env_var_format follow use_env_var_file, and an empty option counts as unset. `random` stands in for
 * Go's rand.Intn(9999) that names the remote file.
 */
export function shellSettings(view: ShellView, random: () => number = Math.random): ShellSettings {
  const useEnvVarFile = view.bool('use_env_var_file') === true;
  const written = (name: StringFieldName<typeof SHELL_FIELDS>): string =>
    view.isSet(name) ? (view.string(name) ?? '') : '';
  const executeCommand =
    written('execute_command') ||
    (useEnvVarFile ? SHELL_ENV_VAR_FILE_EXECUTE_COMMAND : SHELL_EXECUTE_COMMAND);
  const envVarFormat =
    written('env_var_format') || (useEnvVarFile ? SHELL_ENV_VAR_FILE_FORMAT : SHELL_ENV_VAR_FORMAT);
  const shebang = written('inline_shebang');
  const remoteFolder = written('remote_folder') || '/tmp';
  const remoteFile = written('remote_file') || `script_${Math.floor(random() * 9999)}.sh`;
  const remotePath = written('remote_path') || `${remoteFolder}/${remoteFile}`;
  return {
    executeCommand,
    envVarFormat,
    inlineShebang: shebang || DEFAULT_INLINE_SHEBANG,
    inlineShebangDefined: shebang !== '',
    remoteFolder,
    remoteFile,
    remotePath,
  };
}

// ---- file -----------------------------------------------------------------------------------------

export const FILE_FIELDS = [
  {
    name: 'content',
    type: StringType,
    doc: 'Text to write to `destination` (a file named `pkr-file-content` when it is a directory). Not with `source`/`sources`.',
  },
  {
    name: 'source',
    type: StringType,
    doc:
      'The local file or directory to upload (relative to the current directory), or the remote one to ' +
      'download. For a directory, a trailing slash uploads its contents rather than the directory itself.',
  },
  {
    name: 'sources',
    type: STRINGS,
    doc: 'Several sources copied into `destination`, which must then be a directory ending in a slash.',
  },
  {
    name: 'destination',
    type: StringType,
    doc: 'Where the file goes: on the machine for uploads, locally for downloads. Parent directories must exist.',
    required: 'Destination must be specified.',
  },
  {
    name: 'direction',
    type: StringType,
    doc: '`upload` copies to the machine, `download` copies from it.',
    default: 'upload',
  },
  {
    name: 'generated',
    type: BoolType,
    doc: 'The sources are created during the build: check that they exist only when uploading, not at validation.',
  },
] as const satisfies readonly FieldSpec[];

function validateFile(view: ConfigView<typeof FILE_FIELDS>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const direction = goString(view, 'direction');
  const effectiveDirection = direction === '' ? 'upload' : direction;
  if (
    effectiveDirection !== undefined &&
    effectiveDirection !== 'upload' &&
    effectiveDirection !== 'download'
  ) {
    problems.push({ message: 'Direction must be one of: download, upload.', field: 'direction' });
  }

  const source = goString(view, 'source');
  const listed = goStrings(view, 'sources');
  if (source !== undefined && listed !== undefined) {
    const sources = [...listed.map((path) => ({ path, field: 'sources' }))];
    if (source !== '') sources.push({ path: source, field: 'source' });

    if (effectiveDirection === 'upload' && goBool(view, 'generated') === false) {
      for (const { path, field } of sources) {
        if (hasTemplateActions(path)) continue;
        const stat = goStat(path);
        if (typeof stat === 'string') problems.push({ message: `Bad source '${path}': ${stat}`, field });
      }
    }
    const content = goString(view, 'content');
    if (sources.length > 0 && content !== undefined && content !== '') {
      problems.push({ message: 'source(s) conflicts with content.', field: 'content' });
    }
  }

  // A missing (or empty) destination is the declaration's `required`, checked by the decoder.
  return problems;
}

export const FILE_PROVISIONER_SCHEMA: ComponentSchema<typeof FILE_FIELDS> = {
  kind: 'provisioner',
  type: 'file',
  plugin: 'builtin',
  doc:
    'Uploads files or directories to the machine through the communicator (or downloads them from it ' +
    'with `direction = "download"`), or writes inline `content` there.',
  fields: FILE_FIELDS,
  validate: validateFile,
};

// ---- shell-local, breakpoint, sleep ---------------------------------------------------------------

export const SHELL_LOCAL_PROVISIONER_SCHEMA: ComponentSchema<typeof SHELL_LOCAL_FIELDS> = {
  kind: 'provisioner',
  type: 'shell-local',
  plugin: 'builtin',
  doc:
    'Runs commands or scripts on the machine running Kiln (not on the machine being built), with the ' +
    "build's generated data available to them. Exactly one of `command`, `inline`, `script` and `scripts` is required.",
  fields: SHELL_LOCAL_FIELDS,
  validate: validateShellLocal,
};

export const BREAKPOINT_FIELDS = [
  { name: 'note', type: StringType, doc: 'A message shown while the build is paused.' },
  { name: 'disable', type: BoolType, doc: 'Skip this breakpoint without removing it from the template.' },
] as const satisfies readonly FieldSpec[];

export const BREAKPOINT_PROVISIONER_SCHEMA: ComponentSchema<typeof BREAKPOINT_FIELDS> = {
  kind: 'provisioner',
  type: 'breakpoint',
  plugin: 'builtin',
  doc: 'Pauses the build until Enter is pressed, to look at the machine in the middle of provisioning.',
  fields: BREAKPOINT_FIELDS,
};

export const SLEEP_FIELDS = [
  {
    name: 'duration',
    type: { kind: 'duration' },
    doc: 'How long to wait, as a Go duration (`30s`, `1m30s`).',
    default: '0s',
  },
] as const satisfies readonly FieldSpec[];

export const SLEEP_PROVISIONER_SCHEMA: ComponentSchema<typeof SLEEP_FIELDS> = {
  kind: 'provisioner',
  type: 'sleep',
  plugin: 'builtin',
  doc: 'Waits for a while before the next provisioner runs.',
  fields: SLEEP_FIELDS,
};

export const CORE_PROVISIONER_SCHEMAS: readonly ComponentSchema[] = [
  SHELL_PROVISIONER_SCHEMA,
  FILE_PROVISIONER_SCHEMA,
  SHELL_LOCAL_PROVISIONER_SCHEMA,
  BREAKPOINT_PROVISIONER_SCHEMA,
  SLEEP_PROVISIONER_SCHEMA,
];
