import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { writingFile } from '../../engine/file-errors';
import type { ProvisionContext, ProvisionerRuntime } from '../../engine/types';
import { renderGoTemplate } from '../../gotemplate/index';
import { goString, goStrings } from '../../schema/go-fields';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { BoolType, StringType } from '../../values/types';
import { commonShellFields, environmentVarProblems, scriptSourceProblems } from '../core/shell-common';
import { exitCodes } from '../core/shell-local-runtime';
import { flattenEnvVars, windowsEnvironment } from './powershell-text';
import { invalidExitCodeMessage, retryUntilStarted, runWithUi } from './remote-command';

/**
 * The `windows-shell` provisioner (hashicorp/packer provisioner/windows-shell): batch scripts or
 * inline commands uploaded to remote_path and run by cmd through execute_command, with the
 * variables as `set "K=V" && ` prefixes. No clean-up, as in Packer. Scripts go up byte for byte;
 * the inline commands are joined with LF, as Packer writes them (cmd accepts either ending).
 */

export const WINDOWS_SHELL_DEFAULT_REMOTE_PATH = 'c:/Windows/Temp/script.bat';
const DEFAULT_EXECUTE_COMMAND = '{{.Vars}}"{{.Path}}"';
const DEFAULT_ENV_VAR_FORMAT = 'set "%s=%s" && ';

export const WINDOWS_SHELL_FIELDS = [
  ...commonShellFields('on the machine being provisioned'),
  {
    name: 'env_var_format',
    type: StringType,
    doc: 'A Go format with two `%s` (name, value) used for each variable in `{{.Vars}}`.',
    defaultDoc: '`set "%s=%s" && `',
  },
  {
    name: 'binary',
    type: BoolType,
    doc: 'Accepted for compatibility and ignored: scripts are always uploaded byte for byte (line endings kept).',
  },
  {
    name: 'remote_path',
    type: StringType,
    doc: 'Where each script is uploaded on the machine (the same file for every script).',
    default: WINDOWS_SHELL_DEFAULT_REMOTE_PATH,
  },
  {
    name: 'execute_command',
    type: StringType,
    doc: 'The command that runs each uploaded script: `{{.Vars}}` holds the variables, `{{.Path}}` the remote path.',
    default: DEFAULT_EXECUTE_COMMAND,
  },
  {
    name: 'start_retry_timeout',
    type: { kind: 'duration' },
    doc: 'How long to keep retrying to upload and start a script, for example while the machine restarts.',
    default: '5m',
  },
] as const satisfies readonly FieldSpec[];

type WindowsShellView = ConfigView<typeof WINDOWS_SHELL_FIELDS>;

function validateWindowsShell(view: WindowsShellView): ConfigProblem[] {
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

export const WINDOWS_SHELL_PROVISIONER_SCHEMA: ComponentSchema<typeof WINDOWS_SHELL_FIELDS> = {
  kind: 'provisioner',
  type: 'windows-shell',
  plugin: 'builtin',
  doc:
    'Uploads batch scripts (local files or `inline` commands) to a Windows machine through the ' +
    'communicator and runs them with cmd. Exactly one of `inline`, `script` and `scripts` is required.',
  fields: WINDOWS_SHELL_FIELDS,
  validate: validateWindowsShell,
};

export interface WindowsShellOptions {
  /** retry.Config's pause between tries (2s). */
  readonly retryDelayMs?: number;
}

async function provisionWindowsShell(
  view: WindowsShellView,
  ctx: ProvisionContext,
  opts: WindowsShellOptions,
): Promise<void> {
  ctx.ui.say('Provisioning with windows-shell...');
  const written = (name: 'execute_command' | 'env_var_format' | 'remote_path'): string =>
    view.string(name) ?? '';
  const executeCommand = written('execute_command') || DEFAULT_EXECUTE_COMMAND;
  const envVarFormat = written('env_var_format') || DEFAULT_ENV_VAR_FORMAT;
  const remotePath = written('remote_path') || WINDOWS_SHELL_DEFAULT_REMOTE_PATH;
  const startTimeoutMs = view.duration('start_retry_timeout') || 5 * 60_000;

  const scripts = [
    ...(view.string('script') ? [view.string('script') as string] : []),
    ...(view.strings('scripts') ?? []),
  ].map((s) => ({ label: s, file: path.resolve(ctx.build.cwd, s) }));
  const inline = view.strings('inline') ?? [];
  let inlineFile: string | undefined;
  if (inline.length > 0) {
    const file = path.join(ctx.build.tempDir, `windows-shell-provisioner${randomInt(1, 2 ** 32)}`);
    writingFile(file, () => fs.writeFileSync(file, inline.map((c) => `${c}\n`).join(''), { mode: 0o600 }));
    inlineFile = file;
    scripts.push({ label: file, file });
  }
  try {
    for (const script of scripts) {
      ctx.ui.say(`Provisioning with shell script: ${script.label}`);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(script.file);
      } catch (e) {
        throw new Error(`Error opening shell script: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
      const vars = flattenEnvVars(
        windowsEnvironment(
          ctx.build,
          ctx.generated,
          view.strings('environment_vars') ?? [],
          view.stringMap('env') ?? {},
          (v) => v,
        ),
        envVarFormat,
      );
      // Packer renders with a struct holding only Vars and Path (no generated data).
      const r = renderGoTemplate(executeCommand, {
        data: { Vars: vars, Path: remotePath },
        dataType: '*shell.ExecuteCommandTemplate',
        buildName: ctx.build.buildName,
        buildType: ctx.build.builderType,
      });
      if (!r.ok) throw new Error(`Error processing command: ${r.message}`);
      const command = r.value;
      const outcome = await retryUntilStarted(
        ctx.signal,
        { startTimeoutMs, delayMs: opts.retryDelayMs ?? 2_000 },
        async () => {
          try {
            await ctx.communicator.upload(
              remotePath,
              Readable.from([bytes]),
              { size: bytes.length },
              ctx.signal,
            );
          } catch (e) {
            throw new Error(`Error uploading script: ${e instanceof Error ? e.message : String(e)}`, {
              cause: e,
            });
          }
          return runWithUi(ctx, command);
        },
      );
      const codes = exitCodes(view.value('valid_exit_codes'));
      if (!codes.includes(outcome.exitStatus))
        throw new Error(invalidExitCodeMessage(outcome.exitStatus, codes));
    }
  } finally {
    if (inlineFile !== undefined) fs.rmSync(inlineFile, { force: true });
  }
}

export function windowsShellProvisioner(
  opts: WindowsShellOptions = {},
): ProvisionerRuntime<typeof WINDOWS_SHELL_FIELDS> {
  return { type: 'windows-shell', provision: (config, ctx) => provisionWindowsShell(config.view, ctx, opts) };
}

export const WINDOWS_SHELL_PROVISIONER = windowsShellProvisioner();
