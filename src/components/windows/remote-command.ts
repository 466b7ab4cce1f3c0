import { CancelledError, sleep } from '../../engine/abort';
import { type ProvisionContext, RemoteDisconnectedError } from '../../engine/types';

/**
 * What the Windows provisioners share with Packer's SDK: running a command with its output shown
 * (RemoteCmd.RunWithUi) and retrying an action until a start timeout (retry.Config.Run). They work
 * over any Kiln Communicator (SSH, docker, WinRM, a plugin's): nothing here knows the transport.
 */

/** packersdk.CmdDisconnect: the exit status Packer gives a command whose connection dropped. */
export const CMD_DISCONNECT = 2300218;

/** How a command ended, as RunWithUi leaves it: a status (the drop sentinel included) and its stdout. */
export interface CommandOutcome {
  readonly exitStatus: number;
  /** The connection dropped while it ran (exitStatus is CMD_DISCONNECT). */
  readonly disconnected: boolean;
  /** Its standard output, kept only when asked for (`capture`). */
  readonly stdout: string;
}

/**
 * Runs `command`, streaming its output to the UI (stdout as output, stderr as error output). A
 * command that could not be started throws (RunWithUi's error); one whose connection dropped ends
 * with CMD_DISCONNECT, as in Packer, so callers decide what a drop means.
 */
export async function runWithUi(
  ctx: ProvisionContext,
  command: string,
  opts: { readonly capture?: boolean } = {},
): Promise<CommandOutcome> {
  const captured: Buffer[] = [];
  try {
    const r = await ctx.communicator.start(
      {
        command,
        onStdout: (c) => {
          if (opts.capture) captured.push(c);
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
    return {
      exitStatus: r.exitStatus,
      disconnected: false,
      stdout: Buffer.concat(captured).toString('utf8'),
    };
  } catch (e) {
    if (e instanceof RemoteDisconnectedError) {
      return {
        exitStatus: CMD_DISCONNECT,
        disconnected: true,
        stdout: Buffer.concat(captured).toString('utf8'),
      };
    }
    throw e;
  }
}

export interface RetryOptions {
  /** Give up once this long has passed since the first try (0: never), as retry.Config's StartTimeout. */
  readonly startTimeoutMs: number;
  /** The pause between tries: 2s, the SDK's default. */
  readonly delayMs?: number;
}

/**
 * retry.Config.Run: tries `action` until it succeeds. After a failure it returns that failure when
 * the signal is aborted or the start timeout has passed, and otherwise waits and tries again. A
 * cancellation is never retried.
 */
export async function retryUntilStarted<T>(
  signal: AbortSignal,
  opts: RetryOptions,
  action: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await action();
    } catch (e) {
      if (e instanceof CancelledError || signal.aborted) throw e;
      if (opts.startTimeoutMs !== 0 && Date.now() - started >= opts.startTimeoutMs) throw e;
      await sleep(opts.delayMs ?? 2_000, signal);
    }
  }
}

/** shell.ErrorInvalidExitCode's text: Go prints the allowed codes as `[0 3010]`. */
export function invalidExitCodeMessage(code: number, allowed: readonly number[]): string {
  return `Script exited with non-zero exit status: ${code}. Allowed exit codes are: [${allowed.join(' ')}]`;
}

/** Packer's uuid.TimeOrderedUUID shape (8-4-4-4-12 hex digits), which names remote files and tasks. */
export type UuidSource = () => string;
