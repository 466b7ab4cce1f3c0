import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { CancelledError, sleep } from '../../engine/abort';
import { type ProvisionContext, type ProvisionerRuntime, RemoteDisconnectedError } from '../../engine/types';
import { renderGoTemplate } from '../../gotemplate/index';
import { writingFile } from '../../engine/file-errors';
import { type ShellView, shellSettings } from './provisioners';
import type { SHELL_FIELDS } from './provisioners';
import { exitCodes } from './shell-local-runtime';

/**
 * The `shell` provisioner, as Packer runs it: every inline list or script is uploaded to
 * remote_path, run with execute_command (`{{ .Vars }}` holds the environment variables in
 * env_var_format, `{{ .Path }}` the script), its output streamed, its exit code checked, then
 * removed unless skip_clean.
 */

/** Packer's flattening: sorted `KEY='value'` pairs, single quotes escaped for the remote shell. */
export function flattenEnvVars(vars: ReadonlyMap<string, string>, format: string): string {
  return [...vars.keys()]
    .sort()
    .map((k) => {
      const v = (vars.get(k) ?? '').replace(/'/g, `'"'"'`);
      return format.replace('%s', k).replace('%s', v);
    })
    .join('');
}

function environment(view: ShellView, ctx: ProvisionContext): Map<string, string> {
  const vars = new Map<string, string>([
    ['PACKER_BUILD_NAME', ctx.build.buildName],
    ['PACKER_BUILDER_TYPE', ctx.build.builderType],
  ]);
  for (const pair of view.strings('environment_vars') ?? []) {
    const eq = pair.indexOf('=');
    vars.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  for (const [k, v] of Object.entries(view.stringMap('env') ?? {})) vars.set(k, v);
  return vars;
}

async function runScript(
  view: ShellView,
  ctx: ProvisionContext,
  label: string,
  open: () => Readable,
  remotePath: string,
  command: string,
): Promise<void> {
  ctx.ui.say(`Provisioning with shell script: ${label}`);
  const retryUntil = Date.now() + (view.duration('start_retry_timeout') ?? 300_000);
  for (;;) {
    try {
      await ctx.communicator.upload(remotePath, open(), { mode: 0o755 }, ctx.signal);
      break;
    } catch (e) {
      if (ctx.signal.aborted || e instanceof CancelledError || Date.now() > retryUntil) {
        throw new Error(`Error uploading script: ${e instanceof Error ? e.message : String(e)}`);
      }
      await sleep(2_000, ctx.signal);
    }
  }
  let status: number;
  try {
    const r = await ctx.communicator.start(
      {
        command,
        onStdout: (c) => {
          ctx.ui.output('stdout', c.toString('utf8'));
          return ctx.ui.outputBacklog?.();
        },
        onStderr: (c) => {
          ctx.ui.output('stderr', c.toString('utf8'));
          return ctx.ui.outputBacklog?.();
        },
      },
      ctx.signal,
    );
    status = r.exitStatus;
  } catch (e) {
    if (e instanceof RemoteDisconnectedError && view.bool('expect_disconnect')) {
      ctx.ui.say('Remote disconnected, as expected.');
      return;
    }
    if (e instanceof RemoteDisconnectedError) {
      throw new Error(
        `Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, you can try adding "expect_disconnect = true" to the shell provisioner parameters.`,
      );
    }
    throw e;
  }
  const codes = exitCodes(view.value('valid_exit_codes'));
  if (!codes.includes(status)) {
    throw new Error(
      // No space after the full stop: the SDK's ErrorInvalidExitCode joins the two sentences so.
      `Script exited with non-zero exit status: ${status}. Allowed exit codes are: [${codes.join(' ')}]`,
    );
  }
  if (!view.bool('skip_clean')) {
    await ctx.communicator.start({ command: `rm -f ${remotePath}` }, ctx.signal);
  }
}

export const SHELL_PROVISIONER: ProvisionerRuntime<typeof SHELL_FIELDS> = {
  type: 'shell',
  async provision(config, ctx) {
    const view = config.view;
    const settings = shellSettings(view);
    const vars = flattenEnvVars(environment(view, ctx), settings.envVarFormat);
    const render = (remotePath: string): string => {
      const r = renderGoTemplate(settings.executeCommand, {
        data: { Vars: vars, Path: remotePath, EnvVarFile: '' },
        buildName: ctx.build.buildName,
        buildType: ctx.build.builderType,
      });
      if (!r.ok) throw new Error(`Error processing command: ${r.message}`);
      return r.value;
    };
    const inline = view.strings('inline') ?? [];
    if (inline.length > 0) {
      // Packer writes the inline commands to a local temporary file (named like its
      // packer-shell*), names that file as the script, and removes it afterwards.
      const local = path.join(ctx.build.tempDir, `packer-shell${randomInt(1, 2 ** 32)}`);
      const text = `#!${settings.inlineShebang}\n${inline.join('\n')}\n`;
      writingFile(local, () => fs.writeFileSync(local, text, { mode: 0o600 }));
      try {
        await runScript(
          view,
          ctx,
          local,
          // Read whole when opened (it is the inline commands, small): a stream still opening the
          // file when a cancelled upload returns would fail once the file is gone.
          () => Readable.from([fs.readFileSync(local)]),
          settings.remotePath,
          render(settings.remotePath),
        );
      } finally {
        fs.rmSync(local, { force: true });
      }
    }
    const scripts = [
      ...(view.string('script') ? [view.string('script') as string] : []),
      ...(view.strings('scripts') ?? []),
    ];
    for (const script of scripts) {
      const local = path.resolve(ctx.build.cwd, script);
      await runScript(
        view,
        ctx,
        script,
        () => fs.createReadStream(local),
        settings.remotePath,
        render(settings.remotePath),
      );
    }
    const pause = view.duration('pause_after');
    if (pause !== undefined && pause > 0) {
      ctx.ui.say(`Pausing ${pause / 1000}s after this provisioner...`);
      await sleep(pause, ctx.signal);
    }
  },
};
