import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';

/** A CommandIO that keeps what a command prints, for commands called directly (runFmt, runConsole...). */
export interface CapturedIO {
  readonly io: CommandIO;
  out(): string;
  err(): string;
}

export interface CaptureOptions {
  /** What the command reads from standard input (default: nothing). */
  readonly stdin?: string;
  /** The command's environment (default: empty). */
  readonly env?: Record<string, string>;
}

/** IO in memory for a command run in `cwd`: no TTY, stdin from `opts.stdin`. */
export function captureIO(cwd: string, opts: CaptureOptions = {}): CapturedIO {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      readStdin: () => Promise.resolve(opts.stdin ?? ''),
      stdinIsTTY: false,
      cwd,
      env: opts.env ?? {},
    },
    out: () => out,
    err: () => err,
  };
}

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
  const captured = captureIO(cwd, { env: opts.env });
  const { interrupt } = opts;
  const io: CommandIO = {
    ...captured.io,
    onInterrupt: interrupt
      ? (listener) => {
          interrupt(() => listener('SIGINT'));
          return () => undefined;
        }
      : undefined,
  };
  try {
    const code = await runCLI(args, io);
    return { code, out: captured.out(), err: captured.err() };
  } finally {
    process.chdir(before);
  }
}
