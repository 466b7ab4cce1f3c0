import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';

/**
 * Helpers for `kiln build` with real plugins (issue 16): a plugin installed into a temporary
 * PACKER_PLUGIN_PATH, the plugin processes this test process started, and a kiln command run in
 * process whose output can be watched while it runs (to interrupt it, or kill its plugin, mid-build).
 */

export { installPlugin, pluginChildren } from './plugins';

export interface LiveRun {
  /** Everything printed so far, stdout then stderr as they came. */
  out(): string;
  err(): string;
  /** Delivers SIGINT to the command, as its CLI would. */
  interrupt(): void;
  /** Resolves with the exit code. */
  readonly done: Promise<number>;
  /** Resolves once the output contains `text` (rejects after `ms`). */
  waitFor(text: string, ms?: number): Promise<void>;
}

/**
 * Runs a kiln command in this process in `cwd` (chdir'd there, as support/kiln.ts does, until it
 * ends: run one at a time) with `env` as its environment.
 */
export function liveKiln(args: string[], cwd: string, env: Record<string, string>): LiveRun {
  let out = '';
  let err = '';
  const listeners: ((signal: string) => void)[] = [];
  const io: CommandIO = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: () => Promise.resolve(''),
    stdinIsTTY: false,
    cwd,
    env,
    onInterrupt: (listener) => {
      listeners.push(listener);
      return () => undefined;
    },
  };
  const before = process.cwd();
  process.chdir(cwd);
  const done = runCLI(args, io).finally(() => process.chdir(before));
  return {
    out: () => out,
    err: () => err,
    interrupt: () => listeners.forEach((l) => l('SIGINT')),
    done,
    async waitFor(text, ms = 60_000) {
      const until = Date.now() + ms;
      while (!out.includes(text)) {
        if (Date.now() > until) throw new Error(`no "${text}" within ${ms} ms in:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
