import * as path from 'node:path';
import { BoolType, StringType } from '../../values/types';
import type { ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goBool, goString, goStrings } from '../../schema/go-fields';
import { STRINGS, badScriptProblems, commonShellFields, environmentVarProblems } from './shell-common';

/**
 * packer-plugin-sdk shell-local Config: one configuration shared by the `shell-local` provisioner and
 * the `shell-local` post-processor (the same type name in two kinds), with the checks of its
 * Validate. Defaults that depend on the host or on other options are resolved by
 * `shellLocalSettings`, so the runtime applies them exactly as Packer does.
 */

export const UNIX_EXECUTE_COMMAND: readonly string[] = ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'];
export const WINDOWS_EXECUTE_COMMAND: readonly string[] = [
  'cmd',
  '/V',
  '/C',
  '{{.Vars}}',
  'call',
  '{{.Script}}',
];
export const DEFAULT_INLINE_SHEBANG = '/bin/sh -e';
const UNIX_ENV_VAR_FORMAT = "%s='%s' ";
const WINDOWS_ENV_VAR_FORMAT = 'set %s=%s && ';

/** The values of Go's runtime.GOOS that only_on accepts. */
export const SUPPORTED_OS_NAMES: readonly string[] = [
  'darwin',
  'freebsd',
  'linux',
  'openbsd',
  'solaris',
  'windows',
];

export const SHELL_LOCAL_FIELDS = [
  ...commonShellFields('on the machine running Kiln'),
  {
    name: 'command',
    type: StringType,
    doc: 'One command to run locally. Kept for compatibility: prefer `inline`, which it becomes.',
  },
  {
    name: 'execute_command',
    type: STRINGS,
    doc:
      'The program and arguments that run each script; `{{.Script}}` is the script path and `{{.Vars}}` ' +
      'the environment variables formatted with `env_var_format`.',
    default: UNIX_EXECUTE_COMMAND,
    defaultDoc:
      '`["/bin/sh", "-c", "{{.Vars}} {{.Script}}"]`; on Windows `["cmd", "/V", "/C", "{{.Vars}}", "call", "{{.Script}}"]`',
  },
  {
    name: 'inline_shebang',
    type: StringType,
    doc: 'The interpreter line written at the top of the script made from `inline` (without `#!`).',
    default: DEFAULT_INLINE_SHEBANG,
    defaultDoc: '`/bin/sh -e`; none on Windows',
  },
  {
    name: 'only_on',
    type: STRINGS,
    doc: `Run only when the local OS is one of these (${SUPPORTED_OS_NAMES.join(', ')}); elsewhere the step is skipped.`,
  },
  {
    name: 'tempfile_extension',
    type: StringType,
    doc: 'The file extension of the script made from `inline`.',
    defaultDoc: 'none; `cmd` on Windows',
  },
  {
    name: 'use_linux_pathing',
    type: BoolType,
    doc: 'On Windows, hand scripts to the Windows Subsystem for Linux as `/mnt/<drive>/...` paths.',
  },
  {
    name: 'env_var_format',
    type: StringType,
    doc: 'A Go format with two `%s` (name, value) used for each variable in `{{.Vars}}`.',
    default: UNIX_ENV_VAR_FORMAT,
    defaultDoc: "`%s='%s' `; on Windows without `use_linux_pathing`, `set %s=%s && `",
  },
] as const satisfies readonly FieldSpec[];

/** A shell-local configuration (the provisioner's and the post-processor's). */
export type ShellLocalView = ConfigView<typeof SHELL_LOCAL_FIELDS>;

const TOO_MANY_OPTIONS =
  'You may only specify one of the following options: Command, Inline, Script or Scripts. ' +
  'Please consolidate these options in your config.';

/** shell_local.ConvertToLinuxPath: `C:/path/to/file` becomes `/mnt/c/path/to/file`. */
export function convertToLinuxPath(absolutePath: string): { path: string } | { error: string } {
  const slashed = absolutePath.replace(/\\/g, '/');
  const at = slashed.indexOf(':/');
  if (at < 0) {
    return {
      error:
        "There was an error splitting your absolute path; expected to find a drive following the format ':/' " +
        `but did not: absolute path: ${slashed}`,
    };
  }
  return { path: `/mnt/${slashed.slice(0, at).toLowerCase()}/${slashed.slice(at + 2)}` };
}

/** The four ways to say what to run, as Packer's checks read them. */
interface Commands {
  command: string;
  /** null: not written (Go's nil slice), which one check tells from `[]`. */
  inline: readonly string[] | null;
  script: string;
  scripts: readonly string[];
}

function readCommands(view: ShellLocalView): Commands | undefined {
  const command = goString(view, 'command');
  const script = goString(view, 'script');
  const scripts = goStrings(view, 'scripts');
  if (command === undefined || script === undefined || scripts === undefined) return undefined;
  if (view.isSet('inline') && !view.isKnown('inline')) return undefined;
  return { command, inline: view.strings('inline') ?? null, script, scripts };
}

/** The command checks; answers the scripts and inline lines the runner would use, folded as Packer folds them. */
function checkCommands(
  found: Commands,
  problems: ConfigProblem[],
): { inline: readonly string[]; scripts: readonly string[] } {
  const { command, script } = found;
  let { inline, scripts } = found;
  let scriptsField = 'scripts';
  if (command === '' && (inline ?? []).length === 0 && scripts.length === 0 && script === '') {
    problems.push({ message: 'Command, Inline, Script and Scripts options cannot all be empty.' });
  }
  if (command !== '') {
    if ((inline ?? []).length !== 0 || scripts.length !== 0 || script !== '') {
      problems.push({ message: TOO_MANY_OPTIONS, field: 'command' });
    } else {
      inline = [command];
    }
  }
  if (script !== '') {
    if (scripts.length > 0 || (inline ?? []).length > 0) {
      problems.push({ message: TOO_MANY_OPTIONS, field: 'script' });
    } else {
      scripts = [script];
      scriptsField = 'script';
    }
  }
  if (scripts.length > 0 && inline !== null) problems.push({ message: TOO_MANY_OPTIONS, field: 'inline' });
  problems.push(...badScriptProblems(scripts, scriptsField));
  return { inline: inline ?? [], scripts };
}

/**
 * shell_local.Validate. Most problems are collected; an unknown `only_on` name or a script path WSL
 * cannot express ends the check at once and is then the only problem reported, as in Packer.
 */
export function validateShellLocal(view: ShellLocalView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const found = readCommands(view);
  const commands = found === undefined ? undefined : checkCommands(found, problems);

  const unsupported = (goStrings(view, 'only_on') ?? []).find((os) => !SUPPORTED_OS_NAMES.includes(os));
  if (unsupported !== undefined) {
    return [
      {
        message: `Invalid OS specified in only_on: '${unsupported}'`,
        detail: `Supported OS names: ${SUPPORTED_OS_NAMES.join(', ')}`,
        field: 'only_on',
      },
    ];
  }

  if (commands !== undefined && goBool(view, 'use_linux_pathing') === true) {
    for (const script of commands.scripts) {
      const converted = convertToLinuxPath(path.resolve(script));
      if ('error' in converted) return [{ message: converted.error, field: 'use_linux_pathing' }];
    }
    if (commands.inline.length > 0) {
      problems.push({
        message:
          'Packer is unable to use the Command and Inline features with the Windows Linux Subsystem. ' +
          'Please use the Script or Scripts options instead',
        field: 'use_linux_pathing',
      });
    }
  }
  problems.push(...environmentVarProblems(goStrings(view, 'environment_vars')));
  return problems;
}

/** A shell-local configuration with Packer's defaulting applied, as the runner needs it. */
export interface ShellLocalSettings {
  readonly executeCommand: readonly string[];
  /** Empty on Windows unless written. */
  readonly inlineShebang: string;
  /** Without the leading dot. */
  readonly tempfileExtension: string;
  readonly envVarFormat: string;
  /** `command` ends up here. Empty: no inline script. */
  readonly inline: readonly string[];
  /** `script` ends up here; with use_linux_pathing, as WSL paths. */
  readonly scripts: readonly string[];
}

/**
 * Packer's defaulting for a configuration that passed validateShellLocal with every value known: the
 * host decides execute_command, inline_shebang, tempfile_extension and env_var_format; an empty
 * option counts as unset. The post-processor kept an old form: a one-element execute_command is a
 * command line for `sh -c`.
 */
export function shellLocalSettings(
  view: ShellLocalView,
  kind: 'provisioner' | 'post-processor',
  platform: NodeJS.Platform = process.platform,
): ShellLocalSettings {
  const windows = platform === 'win32';
  const useLinuxPathing = view.bool('use_linux_pathing') === true;

  let executeCommand = view.isSet('execute_command') ? (view.strings('execute_command') ?? []) : [];
  if (kind === 'post-processor' && executeCommand.length === 1)
    executeCommand = ['sh', '-c', ...executeCommand];
  if (executeCommand.length === 0) executeCommand = windows ? WINDOWS_EXECUTE_COMMAND : UNIX_EXECUTE_COMMAND;

  let inlineShebang = view.isSet('inline_shebang') ? (view.string('inline_shebang') ?? '') : '';
  if (!windows && inlineShebang === '') inlineShebang = DEFAULT_INLINE_SHEBANG;

  let tempfileExtension = view.string('tempfile_extension') ?? '';
  if (windows && tempfileExtension === '') tempfileExtension = '.cmd';
  tempfileExtension = tempfileExtension.startsWith('.') ? tempfileExtension.slice(1) : tempfileExtension;

  let envVarFormat = view.isSet('env_var_format') ? (view.string('env_var_format') ?? '') : '';
  if (envVarFormat === '')
    envVarFormat = windows && !useLinuxPathing ? WINDOWS_ENV_VAR_FORMAT : UNIX_ENV_VAR_FORMAT;

  const command = view.string('command') ?? '';
  const script = view.string('script') ?? '';
  const inline = command !== '' ? [command] : (view.strings('inline') ?? []);
  let scripts = script !== '' ? [script] : (view.strings('scripts') ?? []);
  if (useLinuxPathing) {
    scripts = scripts.map((s) => {
      const converted = convertToLinuxPath(path.resolve(s));
      return 'path' in converted ? converted.path : s;
    });
  }
  return { executeCommand, inlineShebang, tempfileExtension, envVarFormat, inline, scripts };
}
