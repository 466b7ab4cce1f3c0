import * as path from 'node:path';

import { runFmt } from '../cli/commands/fmt';
import type { CommandIO } from '../cli/io';
import { KILN_VERSION } from '../version';

/** The slice of @actions/core the action uses; injected so tests can observe every call. */
export interface CoreFacade {
  getInput(name: string, options?: { required?: boolean; trimWhitespace?: boolean }): string;
  getBooleanInput(name: string, options?: { required?: boolean }): boolean;
  setOutput(name: string, value: unknown): void;
  setFailed(message: string): void;
  info(message: string): void;
}

const COMMANDS = ['build', 'validate', 'fmt', 'inspect'] as const;
type ActionCommand = (typeof COMMANDS)[number];

/** Commands this version of Kiln can run inside the action; the rest arrive with later releases. */
const AVAILABLE: ReadonlySet<ActionCommand> = new Set(['fmt']);

function actionIO(core: CoreFacade, cwd: string): CommandIO {
  // @actions/core writes whole lines; commands write text that may hold several lines.
  const emit = (text: string) => {
    for (const line of text.replace(/\n$/, '').split('\n')) core.info(line);
  };
  return {
    stdout: emit,
    stderr: emit,
    readStdin: async () => '',
    stdinIsTTY: false,
    cwd,
    env: process.env,
  };
}

/** Runs the action; returns the process exit code. Input mistakes fail the step with a clear message. */
export async function runAction(core: CoreFacade, workspace = process.cwd()): Promise<number> {
  core.info(`Kiln v${KILN_VERSION}`);
  const command = (core.getInput('command') || 'build') as ActionCommand;
  if (!COMMANDS.includes(command)) {
    core.setFailed(`Input "command" must be one of ${COMMANDS.join(', ')}; got "${command}".`);
    return 1;
  }
  if (!AVAILABLE.has(command)) {
    core.setFailed(
      `The "${command}" command is not available in Kiln v${KILN_VERSION} yet; only: ${[...AVAILABLE].join(', ')}.`,
    );
    return 1;
  }
  const cwd = path.resolve(workspace, core.getInput('working-directory') || '.');
  const template = core.getInput('template') || '.';
  const check = core.getBooleanInput('fmt-check');
  const args = check ? ['-check', '-diff', template] : [template];
  const code = await runFmt(args, actionIO(core, cwd));
  core.setOutput('exit-code', String(code));
  if (code !== 0) {
    core.setFailed(
      code === 3
        ? 'Some files are not formatted canonically (kiln fmt -check).'
        : `kiln fmt failed (exit code ${code}).`,
    );
  }
  return code;
}
