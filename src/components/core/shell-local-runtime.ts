import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { StepContext } from '../../engine/types';
import { CancelledError } from '../../engine/abort';
import { spawnLocal, stopGroup } from '../../engine/local-process';
import { pauseWhile } from '../../engine/output-pacing';
import { renderGoTemplate } from '../../gotemplate/index';
import type { Value } from '../../values/value';
import { writingFile } from '../../engine/file-errors';
import { type ShellLocalView, shellLocalSettings } from './shell-local-config';

/**
 * Runs shell-local's scripts on the machine running Kiln, for the provisioner and the
 * post-processor alike. Unlike Packer, which pastes `KEY='value'` pairs into the command line
 * (`{{.Vars}}`), Kiln passes every variable through the process environment and renders `{{.Vars}}`
 * as nothing, so no value is ever interpreted by a shell.
 */

const GOOS: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris' };

export function goos(platform: NodeJS.Platform = process.platform): string {
  return GOOS[platform] ?? platform;
}

export async function runShellLocal(
  view: ShellLocalView,
  kind: 'provisioner' | 'post-processor',
  ctx: StepContext,
  extraEnv: Readonly<Record<string, string>>,
): Promise<void> {
  const onlyOn = view.strings('only_on') ?? [];
  if (onlyOn.length > 0 && !onlyOn.includes(goos())) {
    ctx.ui.say(`Skipping shell-local due to OS ${goos()}`);
    return;
  }
  const settings = shellLocalSettings(view, kind);
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const pair of view.strings('environment_vars') ?? []) {
    const eq = pair.indexOf('=');
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  Object.assign(env, view.stringMap('env') ?? {}, extraEnv, {
    PACKER_BUILD_NAME: ctx.build.buildName,
    PACKER_BUILDER_TYPE: ctx.build.builderType,
    PACKER_RUN_UUID: ctx.build.runId,
  });
  const scripts = [...settings.scripts];
  if (settings.inline.length > 0) {
    const file = path.join(
      ctx.build.tempDir,
      // Named like the SDK's temporary file (packer-shell<random>).
      `packer-shell${randomInt(1, 2 ** 32)}${settings.tempfileExtension !== '' ? `.${settings.tempfileExtension}` : ''}`,
    );
    const shebang = settings.inlineShebang !== '' ? `#!${settings.inlineShebang}\n` : '';
    const text = shebang + settings.inline.join('\n') + '\n';
    writingFile(file, () => fs.writeFileSync(file, text, { mode: 0o700 }));
    scripts.unshift(file);
  }
  const codes = exitCodes(view.value('valid_exit_codes'));
  for (const script of scripts) {
    const argv = settings.executeCommand.map((part) => {
      const r = renderGoTemplate(part, {
        data: { Script: script, Vars: '', Command: '' },
        buildName: ctx.build.buildName,
        buildType: ctx.build.builderType,
      });
      if (!r.ok) throw new Error(`Error processing command: ${r.message}`);
      return r.value;
    });
    ctx.ui.say(`Running local shell script: ${script}`);
    const code = await run(argv, env, ctx);
    if (!codes.includes(code)) {
      throw new Error(
        `Erroneous exit code ${code} while executing script: ${script}\n\nPlease see output above for more information.`,
      );
    }
  }
}

/** How long a cancelled script's processes have after SIGTERM before they are killed. */
const CANCEL_GRACE_MS = 5_000;

function run(argv: readonly string[], env: Record<string, string>, ctx: StepContext): Promise<number> {
  return new Promise((resolve, reject) => {
    if (ctx.signal.aborted) return reject(new CancelledError());
    // Its own process group: cancelling reaches what the script started too (see local-process.ts).
    const child = spawnLocal(argv[0], argv.slice(1), { env, cwd: ctx.build.cwd });
    child.stdin.on('error', () => undefined);
    child.stdin.end(); // scripts read no input, as with Packer
    let stopped: (() => void) | undefined;
    const onAbort = (): void => {
      stopped = stopGroup(child, 'SIGTERM', CANCEL_GRACE_MS);
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    // Backpressure: while Kiln's reader is behind, the script's output is not read (and it waits).
    const pipes = [child.stdout, child.stderr];
    child.stdout.on('data', (c: Buffer) => {
      ctx.ui.output('stdout', c.toString('utf8'));
      pauseWhile(pipes, ctx.ui.outputBacklog?.());
    });
    child.stderr.on('data', (c: Buffer) => {
      ctx.ui.output('stderr', c.toString('utf8'));
      pauseWhile(pipes, ctx.ui.outputBacklog?.());
    });
    child.on('error', (e) => {
      ctx.signal.removeEventListener('abort', onAbort);
      reject(new Error(`Error executing script: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      ctx.signal.removeEventListener('abort', onAbort);
      stopped?.();
      if (ctx.signal.aborted) return reject(new CancelledError());
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/**
 * The `valid_exit_codes` option's value (default [0]) as numbers; an empty list means the default,
 * as Go's zero value does.
 */
export function exitCodes(validExitCodes: Value): number[] {
  const v = validExitCodes.unmark()[0];
  if (!v.isKnown() || v.isNull()) return [0];
  const codes = v.elements().map((e) => e.asNumber().toNumber());
  return codes.length > 0 ? codes : [0];
}
