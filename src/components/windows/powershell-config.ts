import { BoolType, NumberType, StringType } from '../../values/types';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goNumber, goString, goStrings } from '../../schema/go-fields';
import { commonShellFields, environmentVarProblems, scriptSourceProblems } from '../core/shell-common';

/**
 * The `powershell` provisioner's options (hashicorp/packer provisioner/powershell, with the SDK's
 * shell options), its Prepare checks in Packer's words, and the defaulting Prepare applies.
 */

/** Packer's ExecutionPolicy enum, in its order: the zero value (an unset option) is `bypass`. */
export const EXECUTION_POLICIES = [
  'bypass',
  'allsigned',
  'default',
  'remotesigned',
  'restricted',
  'undefined',
  'unrestricted',
  'none',
] as const;
const POLICY_NONE = 7;

export const POWERSHELL_FIELDS = [
  ...commonShellFields('on the machine being provisioned'),
  {
    name: 'env_var_format',
    type: StringType,
    doc: 'A Go format with two `%s` (name, value) used for each variable in the variables file.',
    defaultDoc: '`$env:%s="%s"; `',
  },
  {
    name: 'binary',
    type: BoolType,
    doc: 'Accepted for compatibility and ignored: scripts are always uploaded byte for byte (line endings kept).',
  },
  {
    name: 'remote_path',
    type: StringType,
    doc: 'Where each script is uploaded on the machine; a path ending in `/` gets the script file name appended.',
    defaultDoc: '`c:/Windows/Temp/script-<uuid>.ps1`',
  },
  {
    name: 'execute_command',
    type: StringType,
    doc:
      'The command that runs each uploaded script: `{{.Path}}` is its remote path, `{{.Vars}}` the ' +
      'remote file holding the environment variables (dot-sourced by the default for scripts).',
    defaultDoc:
      'for `inline`, `powershell -executionpolicy bypass -file {{.Path}}`; for scripts, ' +
      "`powershell -executionpolicy bypass \"& { if (Test-Path variable:global:ProgressPreference){set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};. {{.Vars}}; &'{{.Path}}'; exit $LastExitCode }\"` " +
      '(`pwsh` with `use_pwsh`, the policy from `execution_policy`, `Set-PsDebug -Trace N;` with `debug_mode`)',
  },
  {
    name: 'remote_env_var_path',
    type: StringType,
    doc: 'Where the file of `$env:` assignments is uploaded (a writable file in an existing directory).',
    defaultDoc: '`c:/Windows/Temp/packer-ps-env-vars-<uuid>.ps1`',
  },
  {
    name: 'elevated_execute_command',
    type: StringType,
    doc: 'The command run inside the scheduled task when `elevated_user` is set (`{{.Path}}`, `{{.Vars}}` as for `execute_command`).',
    defaultDoc: 'the default of `execute_command`',
  },
  {
    name: 'skip_clean',
    type: BoolType,
    doc:
      'Leave the uploaded scripts and variables file on the machine. Elevated wrappers and their ' +
      'scheduled tasks are removed anyway. As in Packer, it also skips `pause_after`.',
  },
  {
    name: 'start_retry_timeout',
    type: { kind: 'duration' },
    doc: 'How long to keep retrying to upload and start a script, for example while the machine restarts.',
    default: '5m',
  },
  {
    name: 'elevated_env_var_format',
    type: StringType,
    doc: 'The `env_var_format` used for elevated runs.',
    defaultDoc: '`$env:%s="%s"; `',
  },
  {
    name: 'elevated_user',
    type: StringType,
    doc: 'Run the scripts as this user through a Windows scheduled task (elevated), reading their output back from a log file.',
  },
  {
    name: 'elevated_password',
    type: StringType,
    doc: "The elevated user's password (`{{.WinRMPassword}}` is the build's WinRM password); empty for a service account.",
    sensitive: true,
  },
  {
    name: 'execution_policy',
    type: StringType,
    doc:
      'The PowerShell execution policy of the default commands: one of ' +
      EXECUTION_POLICIES.map((p) => `\`${p}\``).join(', ') +
      ' (`none` runs without one).',
    default: 'bypass',
  },
  {
    name: 'debug_mode',
    type: NumberType,
    doc: 'PowerShell `Set-PsDebug -Trace` level for the scripts: 0 (off), 1 or 2.',
    default: 0,
  },
  {
    name: 'pause_after',
    type: { kind: 'duration' },
    doc: 'Wait this long after the last script has run (skipped with `skip_clean`, as in Packer).',
  },
  {
    name: 'use_pwsh',
    type: BoolType,
    doc: 'Run `pwsh` (PowerShell 7) instead of `powershell` in the default commands.',
  },
] as const satisfies readonly FieldSpec[];

export type PowershellView = ConfigView<typeof POWERSHELL_FIELDS>;

/**
 * The StringToExecutionPolicyHook decode: a number written as a string is the enum's index, else a
 * policy name in any case. An error is mapstructure's decode failure, reported before any check.
 */
export function parseExecutionPolicy(
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  // strconv.Atoi: an optional sign and decimal digits, within int64.
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return { ok: true, value: Number(n) };
  }
  const index = EXECUTION_POLICIES.findIndex((p) => p === text || p === text.toLowerCase());
  if (index >= 0) return { ok: true, value: index };
  return { ok: false, message: `${text} does not belong to ExecutionPolicy values` };
}

/** The enum's String(): its name, or `ExecutionPolicy(n)` out of range (a numeric `-1` passes Prepare). */
export function executionPolicyName(policy: number): string {
  return EXECUTION_POLICIES[policy] ?? `ExecutionPolicy(${policy})`;
}

function validatePowershell(view: PowershellView): ConfigProblem[] {
  const policyText = goString(view, 'execution_policy');
  let policy = 0;
  if (policyText !== undefined && policyText !== '') {
    const parsed = parseExecutionPolicy(policyText);
    // A decode failure stops Packer's Prepare before its checks: it is the only error shown.
    if (!parsed.ok)
      return [
        { message: 'Failed parsing execution_policy', detail: parsed.message, field: 'execution_policy' },
      ];
    policy = parsed.value;
  }

  const problems: ConfigProblem[] = [];
  const script = goString(view, 'script');
  const listed = goStrings(view, 'scripts');
  const inline = goStrings(view, 'inline');
  if (script !== undefined && listed !== undefined && script !== '' && listed.length > 0) {
    problems.push({ message: 'Only one of script or scripts can be specified.', field: 'scripts' });
  }
  const user = goString(view, 'elevated_user');
  const password = goString(view, 'elevated_password');
  if (user === '' && password !== undefined && password !== '') {
    problems.push({
      message: "Must supply an 'elevated_user' if 'elevated_password' provided",
      field: 'elevated_password',
    });
  }
  if (script !== undefined && listed !== undefined && inline !== undefined) {
    problems.push(...scriptSourceProblems(script, listed, inline, { onlyOne: false }));
  }
  problems.push(...environmentVarProblems(goStrings(view, 'environment_vars')));
  if (policy > POLICY_NONE) {
    problems.push({
      message:
        'Invalid execution policy provided. Please supply one of: "bypass", "allsigned", "default", ' +
        '"remotesigned", "restricted", "undefined", "unrestricted", "none".',
      field: 'execution_policy',
    });
  }
  const debugMode = goNumber(view, 'debug_mode');
  if (debugMode !== undefined && !(debugMode >= 0 && debugMode <= 2)) {
    problems.push({
      message: `${debugMode} is an invalid Trace level for \`debug_mode\`; valid values are 0, 1, and 2`,
      field: 'debug_mode',
    });
  }
  return problems;
}

export const POWERSHELL_PROVISIONER_SCHEMA: ComponentSchema<typeof POWERSHELL_FIELDS> = {
  kind: 'provisioner',
  type: 'powershell',
  plugin: 'builtin',
  doc:
    'Uploads PowerShell scripts (local files or `inline` commands) to a Windows machine through the ' +
    'communicator and runs them there, optionally elevated through a scheduled task. Exactly one of ' +
    '`inline`, `script` and `scripts` is required.',
  fields: POWERSHELL_FIELDS,
  validate: validatePowershell,
};

/** What Prepare leaves in the config for Provision: defaults applied, the three remote names chosen. */
export interface PowershellSettings {
  readonly executeCommand: string;
  readonly elevatedExecuteCommand: string;
  readonly envVarFormat: string;
  readonly elevatedEnvVarFormat: string;
  readonly remotePath: string;
  readonly remoteEnvVarPath: string;
  readonly remoteCleanUpScriptPath: string;
  readonly startRetryTimeoutMs: number;
  readonly debugMode: number;
  readonly executionPolicy: number;
}

const PROGRESS_OFF =
  "if (Test-Path variable:global:ProgressPreference){set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};";

/** The default for inline commands: the wrapper script is run as a file. */
function defaultInlineCommand(policy: number, pwsh: boolean): string {
  if (policy === POLICY_NONE) return '-file {{.Path}}';
  return `${pwsh ? 'pwsh' : 'powershell'} -executionpolicy ${executionPolicyName(policy)} -file {{.Path}}`;
}

/** The default for script files: a script block that dot-sources the variables file first. */
function defaultScriptCommand(policy: number, pwsh: boolean, debugMode: number): string {
  const block =
    `& { ${PROGRESS_OFF}` +
    (debugMode !== 0 ? `Set-PsDebug -Trace ${debugMode};` : '') +
    ". {{.Vars}}; &'{{.Path}}'; exit $LastExitCode }";
  if (policy === POLICY_NONE) return block;
  const name = executionPolicyName(policy);
  return pwsh
    ? `pwsh -executionpolicy ${name} -command "${block}"`
    : `powershell -executionpolicy ${name} "${block}"`;
}

/** Prepare's defaulting; `uuid` names the remote files as Packer's TimeOrderedUUID does. */
export function powershellSettings(view: PowershellView, uuid: () => string): PowershellSettings {
  const written = (
    name:
      | 'execute_command'
      | 'elevated_execute_command'
      | 'env_var_format'
      | 'elevated_env_var_format'
      | 'remote_path'
      | 'remote_env_var_path',
  ): string => view.string(name) ?? '';
  const policyText = view.string('execution_policy') ?? '';
  const parsed = policyText === '' ? { ok: true as const, value: 0 } : parseExecutionPolicy(policyText);
  const policy = parsed.ok ? parsed.value : 0;
  const debugMode = Math.trunc(view.number('debug_mode') ?? 0);
  const pwsh = view.bool('use_pwsh') === true;
  const inlineOnly =
    (view.strings('inline') ?? []).length > 0 &&
    !view.string('script') &&
    (view.strings('scripts') ?? []).length === 0;
  const fallback = inlineOnly
    ? defaultInlineCommand(policy, pwsh)
    : defaultScriptCommand(policy, pwsh, debugMode);
  return {
    executeCommand: written('execute_command') || fallback,
    elevatedExecuteCommand: written('elevated_execute_command') || fallback,
    envVarFormat: written('env_var_format') || '$env:%s="%s"; ',
    elevatedEnvVarFormat: written('elevated_env_var_format') || '$env:%s="%s"; ',
    remotePath: written('remote_path') || `c:/Windows/Temp/script-${uuid()}.ps1`,
    remoteEnvVarPath: written('remote_env_var_path') || `c:/Windows/Temp/packer-ps-env-vars-${uuid()}.ps1`,
    remoteCleanUpScriptPath: `c:/Windows/Temp/packer-cleanup-${uuid()}.ps1`,
    startRetryTimeoutMs: view.duration('start_retry_timeout') || 5 * 60_000,
    debugMode,
    executionPolicy: policy,
  };
}
