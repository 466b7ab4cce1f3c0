/**
 * What a command needs from the outside world. The real process supplies these in src/cli/main.ts;
 * tests supply in-memory ones. Commands return their exit code instead of calling process.exit.
 */
export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (used by `fmt -` and piped `console`). */
  readonly readStdin: () => Promise<string>;
  /** True when standard input is a terminal. */
  readonly stdinIsTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Subscribes to interrupts (SIGINT/SIGTERM); returns the unsubscribe function. Absent: the command
   * cannot be interrupted (tests that do not need it).
   */
  readonly onInterrupt?: (listener: (signal: string) => void) => () => void;
}

export type Command = (args: readonly string[], io: CommandIO) => Promise<number>;
