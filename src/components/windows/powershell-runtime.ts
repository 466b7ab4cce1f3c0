import { randomInt, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { sleep } from '../../engine/abort';
import { writingFile } from '../../engine/file-errors';
import type { ProvisionContext, ProvisionerRuntime } from '../../engine/types';
import { renderGoTemplate } from '../../gotemplate/index';
import { formatGoDuration } from '../../text/go-duration';
import { exitCodes } from '../core/shell-local-runtime';
import { generateElevatedRunner } from './elevated-task';
import {
  POWERSHELL_FIELDS,
  type PowershellSettings,
  type PowershellView,
  powershellSettings,
} from './powershell-config';
import {
  cleanUpScript,
  flattenEnvVars,
  inlineWrapper,
  psEscape,
  windowsEnvironment,
} from './powershell-text';
import { invalidExitCodeMessage, retryUntilStarted, runWithUi } from './remote-command';

/**
 * The `powershell` provisioner as Packer runs it. For each script (the inline commands become one
 * wrapper script): upload the variables file, the elevated wrapper when `elevated_user` is set, and
 * the script, then run execute_command (or the wrapper) and check its exit code, the uploads and the
 * start retried together until start_retry_timeout (a restart may be in progress). Afterwards a
 * clean-up script removes what was uploaded unless skip_clean. Scripts go up byte for byte: Packer
 * converts no line endings for Windows, so a CRLF script stays CRLF and an LF one LF.
 */

export interface PowershellTiming {
  /** retry.Config's default pause between tries. */
  readonly retryDelayMs: number;
  /** The clean-up's own retry: one minute, ten seconds apart. */
  readonly cleanupTimeoutMs: number;
  readonly cleanupDelayMs: number;
}

export const PACKER_POWERSHELL_TIMING: PowershellTiming = {
  retryDelayMs: 2_000,
  cleanupTimeoutMs: 60_000,
  cleanupDelayMs: 10_000,
};

export interface PowershellOptions {
  readonly timing?: PowershellTiming;
  /** Names remote files and tasks (Packer's TimeOrderedUUID); tests pass a counter. */
  readonly uuid?: () => string;
}

interface LocalScript {
  /** What "Provisioning with powershell script:" names: the path as written, or the inline temp file. */
  readonly label: string;
  readonly file: string;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class PowershellRun {
  private readonly settings: PowershellSettings;
  private readonly elevatedUser: string;

  constructor(
    private readonly view: PowershellView,
    private readonly ctx: ProvisionContext,
    private readonly timing: PowershellTiming,
    private readonly uuid: () => string,
  ) {
    this.settings = powershellSettings(view, uuid);
    this.elevatedUser = view.string('elevated_user') ?? '';
  }

  private render(template: string, remotePath: string): string {
    const r = renderGoTemplate(template, {
      data: { ...this.ctx.generated, Path: remotePath, Vars: this.settings.remoteEnvVarPath },
      buildName: this.ctx.build.buildName,
      buildType: this.ctx.build.builderType,
    });
    if (!r.ok) throw new Error(`Error processing command: ${r.message}`);
    return r.value;
  }

  /** The `$env:` assignments, in the elevated format for elevated runs. */
  flattenedVars(): string {
    const vars = windowsEnvironment(
      this.ctx.build,
      this.ctx.generated,
      this.view.strings('environment_vars') ?? [],
      this.view.stringMap('env') ?? {},
      psEscape,
    );
    const elevated = this.elevatedUser !== '';
    return flattenEnvVars(vars, elevated ? this.settings.elevatedEnvVarFormat : this.settings.envVarFormat);
  }

  private async uploadText(remote: string, text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    await this.ctx.communicator.upload(
      remote,
      Readable.from([bytes]),
      { size: bytes.length },
      this.ctx.signal,
    );
  }

  /** Packer's createCommandText: the variables file uploaded, then the command (elevated: its wrapper uploaded too). */
  private async commandText(remotePath: string): Promise<string> {
    const vars = this.flattenedVars();
    await retryUntilStarted(
      this.ctx.signal,
      { startTimeoutMs: this.settings.startRetryTimeoutMs, delayMs: this.timing.retryDelayMs },
      async () => {
        try {
          await this.uploadText(this.settings.remoteEnvVarPath, vars);
        } catch (e) {
          throw new Error(`Error uploading ps script containing env vars: ${errorText(e)}`, { cause: e });
        }
      },
    );
    if (this.elevatedUser === '') return this.render(this.settings.executeCommand, remotePath);
    const command = this.render(this.settings.elevatedExecuteCommand, remotePath);
    return generateElevatedRunner(
      command,
      { user: this.elevatedUser, password: this.elevatedPassword(), uuid: this.uuid },
      this.ctx,
    );
  }

  /** The password rendered with the build's generated data (`{{.WinRMPassword}}`), and masked. */
  private elevatedPassword(): string {
    const raw = this.view.string('elevated_password') ?? '';
    const r = renderGoTemplate(raw, { data: this.ctx.generated });
    // Packer ignores a rendering error here and uses what it has: the empty string.
    const password = r.ok ? r.value : '';
    if (password !== '') this.ctx.ui.addSecret(password);
    return password;
  }

  private async runScript(script: LocalScript, remotePath: string): Promise<void> {
    this.ctx.ui.say(`Provisioning with powershell script: ${script.label}`);
    let size: number;
    try {
      size = fs.statSync(script.file).size;
    } catch (e) {
      throw new Error(`Error stating powershell script: ${errorText(e)}`, { cause: e });
    }
    const command = await this.commandText(remotePath);
    // Upload and start in one retried action: a restart between the two would lose the script.
    const outcome = await retryUntilStarted(
      this.ctx.signal,
      { startTimeoutMs: this.settings.startRetryTimeoutMs, delayMs: this.timing.retryDelayMs },
      async () => {
        try {
          await this.ctx.communicator.upload(
            remotePath,
            Readable.from([fs.readFileSync(script.file)]),
            { size },
            this.ctx.signal,
          );
        } catch (e) {
          throw new Error(`Error uploading script: ${errorText(e)}`, { cause: e });
        }
        return runWithUi(this.ctx, command);
      },
    );
    const codes = exitCodes(this.view.value('valid_exit_codes'));
    if (!codes.includes(outcome.exitStatus))
      throw new Error(invalidExitCodeMessage(outcome.exitStatus, codes));
  }

  /** Removes the uploaded files with a script that removes itself too; a failure is only logged, as Packer's. */
  private async cleanUp(uploaded: readonly string[]): Promise<void> {
    const itself = this.settings.remoteCleanUpScriptPath;
    try {
      await retryUntilStarted(
        this.ctx.signal,
        { startTimeoutMs: this.timing.cleanupTimeoutMs, delayMs: this.timing.cleanupDelayMs },
        async () => {
          try {
            await this.uploadText(itself, cleanUpScript(uploaded, itself));
          } catch (e) {
            throw new Error(`clean up script "${itself}" failed to upload: ${errorText(e)}`, { cause: e });
          }
          return runWithUi(this.ctx, this.render(this.settings.executeCommand, itself));
        },
      );
    } catch (e) {
      if (this.ctx.signal.aborted) throw e;
      // Packer logs "remote cleanup script failed to upload; skipping the removal of temporary files".
    }
  }

  async provision(): Promise<void> {
    const { view, ctx } = this;
    ctx.ui.say('Provisioning with Powershell...');
    const scripts: LocalScript[] = [
      ...(view.string('script') ? [view.string('script') as string] : []),
      ...(view.strings('scripts') ?? []),
    ].map((s) => ({ label: s, file: path.resolve(ctx.build.cwd, s) }));
    const inline = view.strings('inline') ?? [];
    let inlineFile: string | undefined;
    if (inline.length > 0) {
      // Packer writes the wrapped commands to a local temporary file named as the script.
      const file = path.join(ctx.build.tempDir, `powershell-provisioner${randomInt(1, 2 ** 32)}`);
      const text = inlineWrapper(inline, this.flattenedVars(), this.settings.debugMode);
      writingFile(file, () => fs.writeFileSync(file, text, { mode: 0o600 }));
      inlineFile = file;
      scripts.push({ label: file, file });
    }
    try {
      const uploaded = [this.settings.remoteEnvVarPath];
      for (const script of scripts) {
        // A remote_path naming a directory gets the script's file name.
        const remotePath = this.settings.remotePath.endsWith('/')
          ? this.settings.remotePath + path.basename(script.file)
          : this.settings.remotePath;
        await this.runScript(script, remotePath);
        uploaded.push(remotePath);
      }
      // As in Packer, skip_clean returns before pause_after too.
      if (view.bool('skip_clean')) return;
      await this.cleanUp(uploaded);
      const pause = view.duration('pause_after') ?? 0;
      if (pause > 0) {
        ctx.ui.say(`Pausing ${formatGoDuration(pause)} after this provisioner...`);
        await sleep(pause, ctx.signal);
      }
    } finally {
      if (inlineFile !== undefined) fs.rmSync(inlineFile, { force: true });
    }
  }
}

/** A powershell runtime with its timings and names; the catalog uses Packer's. */
export function powershellProvisioner(
  opts: PowershellOptions = {},
): ProvisionerRuntime<typeof POWERSHELL_FIELDS> {
  const timing = opts.timing ?? PACKER_POWERSHELL_TIMING;
  const uuid = opts.uuid ?? randomUUID;
  return {
    type: 'powershell',
    provision: (config, ctx) => new PowershellRun(config.view, ctx, timing, uuid).provision(),
  };
}

export const POWERSHELL_PROVISIONER = powershellProvisioner();
