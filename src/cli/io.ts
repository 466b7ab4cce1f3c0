import type { BuildEvent, RunResult } from '../engine/types';
import type { Diagnostic } from '../hcl/diagnostics';
import type { InitResult } from '../plugins/install/init';
import type { SourceFile } from '../hcl/render';
import type { MergedRun } from './merge-results';
import type { PlanDocument } from './plan-matrix';

/**
 * Structured results for surfaces that present more than text (the GitHub Action: annotations,
 * groups, outputs, job summary). Commands still print their text as usual.
 */
export interface CommandObserver {
  /** Diagnostics as they are reported, with the text of the files they point into. */
  diagnostics?(diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>): void;
  /** A value to mask wherever it would be printed, before it could be (sensitive values, keys). */
  secret?(value: string): void;
  /**
   * `build`'s output text (as the CLI would print it; `build` absent for the run's own lines):
   * when present, build output goes here instead of stdout/stderr (the action groups it per build).
   */
  buildOutput?(build: string | undefined, text: string, stream: 'stdout' | 'stderr'): void;
  /** Every engine event of a build run, in order. */
  event?(event: BuildEvent): void;
  /** The run's results, once every build has finished and cleaned up. */
  runFinished?(run: RunResult): void;
  /** `plan`: the plan, when it could be made (the action sets its `matrix` output from it). */
  plan?(plan: PlanDocument): void;
  /** `build` with -result-file: the file written, once the run has finished. */
  resultFile?(path: string): void;
  /** `merge`: the runs put back together, and the manifest file written (when one was). */
  merged?(merge: MergedRun, manifest: string | undefined): void;
  /** `fmt`: a file whose formatting differs (with -check or -write). */
  unformatted?(file: string, diff: string | undefined): void;
  /** `init`: what became of each required plugin (built in, already installed, installed, failed). */
  pluginsInitialized?(results: readonly InitResult[]): void;
}

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
  readonly observer?: CommandObserver;
  /**
   * Asks a question on the terminal and resolves with the line typed (undefined when input ends or
   * `signal` aborts). Only meaningful when stdinIsTTY; questions from parallel builds take turns.
   */
  readonly prompt?: (question: string, signal: AbortSignal) => Promise<string | undefined>;
  /**
   * A promise while whoever reads stdout is behind, resolving once it has caught up: builds stop
   * reading their commands' output until then (src/engine/output-pacing.ts). Absent: never behind.
   */
  readonly outputBacklog?: () => Promise<void> | undefined;
}

export type Command = (args: readonly string[], io: CommandIO) => Promise<number>;
