import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';

import type { Communicator, FileMode, RemoteCommand, RemoteCommandResult } from '../../engine/types';
import { docker, dockerOk } from './cli';

/**
 * Packer's docker communicator: commands through `docker exec`, files streamed in and out. A single
 * file goes through the container's `cat` (so nothing is buffered and its size need not be known);
 * directories go through `docker cp` as tar streams.
 */

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class DockerCommunicator implements Communicator {
  readonly type = 'docker';

  constructor(
    readonly container: string,
    private readonly execUser?: string,
  ) {}

  private execArgs(interactive: boolean, command: string): string[] {
    return [
      'exec',
      ...(interactive ? ['-i'] : []),
      ...(this.execUser ? ['-u', this.execUser] : []),
      this.container,
      '/bin/sh',
      '-c',
      command,
    ];
  }

  async start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
    const r = await docker(this.execArgs(cmd.stdin !== undefined, cmd.command), {
      signal,
      stdin: cmd.stdin,
      stdout: cmd.onStdout ?? (() => undefined),
      onStderr: cmd.onStderr,
    });
    return { exitStatus: r.code };
  }

  async upload(destination: string, source: Readable, mode: FileMode, signal: AbortSignal): Promise<void> {
    const dir = path.posix.dirname(destination);
    const perm = (mode.mode ?? 0o644).toString(8);
    await dockerOk(
      this.execArgs(
        true,
        `mkdir -p ${quote(dir)} && cat > ${quote(destination)} && chmod ${perm} ${quote(destination)}`,
      ),
      { signal, stdin: source },
    );
  }

  async uploadDir(
    destination: string,
    sourceDir: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    // `src/` copies what is inside src; `src` copies the directory itself (Packer's rule).
    const contents = sourceDir.endsWith('/');
    const cwd = contents ? sourceDir : path.dirname(sourceDir);
    const entries = contents ? fs.readdirSync(sourceDir) : [path.basename(sourceDir)];
    await dockerOk(this.execArgs(false, `mkdir -p ${quote(destination)}`), { signal });
    if (entries.length === 0) return;
    const skip = (p: string): boolean =>
      exclude.some((x) => p === x || p.startsWith(`${x}/`) || path.basename(p) === x);
    const stream = tar.c(
      { cwd, portable: true, filter: (p) => !skip(p.replace(/^\.\//, '')) },
      entries,
    ) as unknown as Readable;
    await dockerOk(['cp', '-', `${this.container}:${destination}`], { signal, stdin: stream });
  }

  async download(file: string, destination: Writable, signal: AbortSignal): Promise<void> {
    const r = await docker(this.execArgs(false, `cat ${quote(file)}`), {
      signal,
      stdout: (c) => destination.write(c),
    });
    if (r.code !== 0) throw new Error(`download of ${file} failed: ${r.stderr.trim()}`);
  }

  async downloadDir(
    sourceDir: string,
    destination: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    fs.mkdirSync(destination, { recursive: true });
    const contents = sourceDir.endsWith('/');
    const tarStream = new PassThrough();
    const extract = tar.x({
      cwd: destination,
      strip: contents ? 1 : 0,
      filter: (p) => !exclude.some((x) => p.split('/').includes(x)),
    });
    const done = pipeline(tarStream, extract as unknown as Writable);
    const r = await docker(['cp', `${this.container}:${sourceDir.replace(/\/+$/, '')}`, '-'], {
      signal,
      stdout: tarStream,
    });
    await done;
    if (r.code !== 0) throw new Error(`download of ${sourceDir} failed: ${r.stderr.trim()}`);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
