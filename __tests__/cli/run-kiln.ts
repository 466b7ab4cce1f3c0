import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';

export interface KilnRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface KilnRunOptions {
  /** The command's environment (default: empty). */
  readonly env?: Record<string, string>;
  /** Receives a function that delivers one SIGINT to the command. */
  readonly interrupt?: (cancel: () => void) => void;
}

/**
 * Runs a kiln command in this process, as the CLI would in `cwd`, and collects what it prints.
 * It chdirs to `cwd` because components resolve relative paths against the process's directory,
 * and back afterwards, so a test may delete `cwd` without leaving later suites in this worker in a
 * directory that no longer exists.
 */
export async function kiln(args: string[], cwd: string, opts: KilnRunOptions = {}): Promise<KilnRun> {
  const before = process.cwd();
  process.chdir(cwd);
  let out = '';
  let err = '';
  const { interrupt } = opts;
  const io: CommandIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: () => Promise.resolve(''),
    stdinIsTTY: false,
    cwd,
    env: opts.env ?? {},
    onInterrupt: interrupt
      ? (listener) => {
          interrupt(() => listener('SIGINT'));
          return () => undefined;
        }
      : undefined,
  };
  try {
    return { code: await runCLI(args, io), out, err };
  } finally {
    process.chdir(before);
  }
}
