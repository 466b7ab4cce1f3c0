import type { Readable } from 'node:stream';

import { CancelledError } from '../../engine/abort';
import {
  type WsmanParameters,
  commandMessage,
  deleteShellMessage,
  isOperationTimeout,
  openShellMessage,
  parseCommandId,
  parseReceive,
  parseShellId,
  receiveMessage,
  sendInputMessage,
  signalMessage,
} from './soap';
import { type SoapTransport, WinRMHttpError, isNetworkError } from './transport';

/**
 * A remote shell and the commands run in it, as masterzen/winrm's Shell and Command: open, run
 * (Command, then Receive until the command is Done, streaming its output), signal (terminate),
 * delete. A Receive that times out on the server (OperationTimeout with no output) is asked again.
 */

export interface CommandOutput {
  /** Each piece of output as it arrives; a returned promise holds the next Receive until it settles. */
  readonly onStdout?: (chunk: Buffer) => Promise<void> | undefined | void;
  readonly onStderr?: (chunk: Buffer) => Promise<void> | undefined | void;
  readonly stdin?: Readable;
}

/** How long the requests that end a command or shell may take once a run was cancelled. */
const CLEANUP_TIMEOUT_MS = 10_000;

/** Bytes of standard input per Send (masterzen/winrm: the envelope size less 1000). */
const STDIN_CHUNK = 64 * 1024;

export class WinRMShell {
  private constructor(
    private readonly transport: SoapTransport,
    private readonly params: WsmanParameters,
    readonly id: string,
  ) {}

  static async open(
    transport: SoapTransport,
    params: WsmanParameters,
    signal?: AbortSignal,
  ): Promise<WinRMShell> {
    const answer = await transport.post(openShellMessage(params), signal);
    return new WinRMShell(transport, params, parseShellId(answer));
  }

  /**
   * Runs one command to its end and resolves with its exit code. Standard input, when given, is
   * sent whole before the output is read (no Kiln provisioner feeds a Windows command's input while
   * reading its output). On abort the command is terminated and CancelledError thrown.
   */
  async run(command: string, output: CommandOutput, signal: AbortSignal): Promise<number> {
    if (signal.aborted) throw new CancelledError();
    const commandId = parseCommandId(
      await this.transport.post(commandMessage(this.params, this.id, command), signal),
    );
    let lost = false;
    try {
      if (output.stdin !== undefined) await this.sendInput(commandId, output.stdin, signal);
      for (;;) {
        let answer: string;
        try {
          answer = await this.transport.post(receiveMessage(this.params, this.id, commandId), signal);
        } catch (e) {
          if (e instanceof WinRMHttpError && e.fault !== undefined && isOperationTimeout(e.fault)) continue;
          throw e;
        }
        const received = parseReceive(answer);
        if (received.stdout.length > 0) await output.onStdout?.(received.stdout);
        if (received.stderr.length > 0) await output.onStderr?.(received.stderr);
        if (received.done) return received.exitCode;
      }
    } catch (e) {
      lost = isNetworkError(e);
      throw e;
    } finally {
      // As masterzen/winrm's Command.Close: terminate (a no-op for a command that ended); not
      // when the server is gone (a restart), which would only wait out the cleanup timeout.
      if (!lost)
        await this.transport
          .post(signalMessage(this.params, this.id, commandId), AbortSignal.timeout(CLEANUP_TIMEOUT_MS))
          .catch(() => undefined);
    }
  }

  private async sendInput(commandId: string, stdin: Readable, signal: AbortSignal): Promise<void> {
    let pending = Buffer.alloc(0);
    for await (const chunk of stdin) {
      pending = Buffer.concat([pending, Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))]);
      while (pending.length >= STDIN_CHUNK) {
        await this.transport.post(
          sendInputMessage(this.params, this.id, commandId, pending.subarray(0, STDIN_CHUNK), false),
          signal,
        );
        pending = pending.subarray(STDIN_CHUNK);
      }
    }
    await this.transport.post(sendInputMessage(this.params, this.id, commandId, pending, true), signal);
  }

  /** Deletes the shell; errors are ignored (the shell times out on the server anyway). */
  async close(): Promise<void> {
    await this.transport
      .post(deleteShellMessage(this.params, this.id), AbortSignal.timeout(CLEANUP_TIMEOUT_MS))
      .catch(() => undefined);
  }
}

/** Opens a shell, runs `fn` in it and deletes the shell whatever happens. */
export async function withShell<T>(
  transport: SoapTransport,
  params: WsmanParameters,
  signal: AbortSignal,
  fn: (shell: WinRMShell) => Promise<T>,
): Promise<T> {
  const shell = await WinRMShell.open(transport, params, signal);
  let lost = false;
  try {
    return await fn(shell);
  } catch (e) {
    lost = isNetworkError(e);
    throw e;
  } finally {
    if (!lost) await shell.close();
  }
}
