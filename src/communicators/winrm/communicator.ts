import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { CancelledError, errorMessage } from '../../engine/abort';
import {
  type Communicator,
  type FileMode,
  type RemoteCommand,
  type RemoteCommandResult,
  RemoteDisconnectedError,
} from '../../engine/types';
import { downloadFile, uploadFile } from './file-copy';
import { withShell } from './shell';
import { DEFAULT_LOCALE, DEFAULT_MAX_ENVELOPE_SIZE, type WsmanParameters } from './soap';
import { type SoapTransport, isNetworkError } from './transport';

/**
 * Packer's WinRM communicator over one endpoint: each command in a shell of its own (as
 * masterzen/winrm's Client.Run), files as winrmcp moves them (file-copy.ts). File modes mean
 * nothing to Windows and are ignored, as Packer does. A command whose connection fails after it
 * started (the machine went away: a restart) is RemoteDisconnectedError, which
 * `expect_disconnect` and windows-restart accept.
 */
export class WinRMCommunicator implements Communicator {
  readonly type = 'winrm';

  constructor(
    private readonly transport: SoapTransport,
    /** For commands: OperationTimeout is winrm_timeout, as Packer sets it. */
    private readonly params: WsmanParameters,
  ) {}

  async start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
    try {
      const exitStatus = await withShell(this.transport, this.params, signal, (shell) =>
        shell.run(cmd.command, cmd, signal),
      );
      return { exitStatus };
    } catch (e) {
      if (signal.aborted) throw new CancelledError();
      if (isNetworkError(e)) throw new RemoteDisconnectedError(errorMessage(e));
      throw e;
    }
  }

  /** A destination ending in `\` is a directory: the file goes under its own name (Packer's rule). */
  upload(destination: string, source: Readable, mode: FileMode, signal: AbortSignal): Promise<void> {
    if (destination.endsWith('\\')) {
      if (mode.name === undefined)
        return Promise.reject(new Error('Was unable to infer file basename for upload.'));
      destination += mode.name;
    }
    return uploadFile(this.transport, this.params, destination, source, signal);
  }

  /**
   * Packer's rule: `src/` puts the contents of src into dst, `src` the directory itself
   * (dst\src). Files only (winrmcp creates a file's directories as it restores it; empty ones are
   * not made); entries named in `exclude` are skipped at any depth, as Kiln's SSH communicator does.
   */
  async uploadDir(
    destination: string,
    sourceDir: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    const root = sourceDir.endsWith('/')
      ? destination
      : `${destination.replace(/[\\/]+$/, '')}\\${path.basename(sourceDir)}`;
    const walk = async (local: string, remote: string): Promise<void> => {
      const entries = await fs.promises.readdir(local, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (exclude.includes(entry.name) || entry.name === '.DS_Store') continue;
        const from = path.join(local, entry.name);
        const to = `${remote.replace(/[\\/]+$/, '')}\\${entry.name}`;
        const stat = await fs.promises.stat(from);
        if (stat.isDirectory()) await walk(from, to);
        else await uploadFile(this.transport, this.params, to, fs.createReadStream(from), signal);
      }
    };
    await walk(sourceDir, root);
  }

  download(remotePath: string, destination: Writable, signal: AbortSignal): Promise<void> {
    return downloadFile(
      this.transport,
      { ...this.params, operationTimeout: 'PT3M' },
      remotePath,
      destination,
      signal,
    );
  }

  downloadDir(): Promise<void> {
    return Promise.reject(new Error("WinRM doesn't support download dir."));
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

/** The WS-Management parameters Packer's WinRM communicator uses, OperationTimeout aside. */
export function wsmanParameters(url: string, operationTimeout: string): WsmanParameters {
  return { url, operationTimeout, locale: DEFAULT_LOCALE, maxEnvelopeSize: DEFAULT_MAX_ENVELOPE_SIZE };
}
