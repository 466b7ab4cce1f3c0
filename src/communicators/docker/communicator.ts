import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';

import type { Communicator, FileMode, RemoteCommand, RemoteCommandResult } from '../../engine/types';
import { makeDirectory } from '../../engine/file-errors';
import { docker, dockerOk } from './cli';

/**
 * Packer's docker communicator: commands through `docker exec`, files streamed in and out. A single
 * file goes through the container's `cat` (so nothing is buffered and its size need not be known);
 * directories go through `docker cp` as tar streams.
 */

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface DockerCommunicatorOptions {
  /** `exec_user`: who runs commands (docker exec -u). */
  readonly execUser?: string;
  /** `docker_path`. */
  readonly executable?: string;
  /** `pty`: docker exec -t. */
  readonly pty?: boolean;
  /**
   * `fix_upload_owner`: after an upload, give the files to this user (the container's configured
   * user, root when it has none), as the docker plugin does with a `chown -R` run as root.
   */
  readonly uploadOwner?: string;
}

export class DockerCommunicator implements Communicator {
  readonly type = 'docker';

  constructor(
    readonly container: string,
    private readonly opts: DockerCommunicatorOptions = {},
  ) {}

  private execArgs(interactive: boolean, command: string, user = this.opts.execUser): string[] {
    return [
      'exec',
      ...(interactive ? ['-i'] : []),
      ...(this.opts.pty && !interactive ? ['-t'] : []),
      ...(user ? ['-u', user] : []),
      this.container,
      '/bin/sh',
      '-c',
      command,
    ];
  }

  private run(args: readonly string[], opts: Omit<Parameters<typeof docker>[1], 'executable'>) {
    return docker(args, { ...opts, executable: this.opts.executable });
  }

  private runOk(args: readonly string[], opts: Omit<Parameters<typeof docker>[1], 'executable'>) {
    return dockerOk(args, { ...opts, executable: this.opts.executable });
  }

  /**
   * `fix_upload_owner`: chown what was uploaded unless it already belongs to the wanted owner
   * (files written through `docker exec` belong to the exec user; `docker cp` writes as root).
   */
  private async fixOwner(destination: string, writtenBy: string, signal: AbortSignal): Promise<void> {
    const owner = this.opts.uploadOwner;
    const isRoot = (u: string) => u === 'root' || u === '0' || u === '0:0';
    if (owner === undefined || owner === writtenBy || (isRoot(owner) && isRoot(writtenBy))) return;
    const r = await this.run(this.execArgs(false, `chown -R ${quote(owner)} ${quote(destination)}`, '0'), {
      signal,
    });
    if (r.code !== 0)
      throw new Error(`Failed to set owner of the uploaded file: exit status ${r.code}, ${r.stderr.trim()}`);
  }

  async start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
    const r = await this.run(this.execArgs(cmd.stdin !== undefined, cmd.command), {
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
    await this.runOk(
      this.execArgs(
        true,
        `mkdir -p ${quote(dir)} && cat > ${quote(destination)} && chmod ${perm} ${quote(destination)}`,
      ),
      { signal, stdin: source },
    );
    await this.fixOwner(destination, this.opts.execUser || 'root', signal);
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
    await this.runOk(this.execArgs(false, `mkdir -p ${quote(destination)}`), { signal });
    if (entries.length === 0) return;
    const skip = (p: string): boolean =>
      exclude.some((x) => p === x || p.startsWith(`${x}/`) || path.basename(p) === x);
    const stream = tar.c(
      { cwd, portable: true, filter: (p) => !skip(p.replace(/^\.\//, '')) },
      entries,
    ) as unknown as Readable;
    await this.runOk(['cp', '-', `${this.container}:${destination}`], { signal, stdin: stream });
    await this.fixOwner(destination, 'root', signal);
  }

  async download(file: string, destination: Writable, signal: AbortSignal): Promise<void> {
    const r = await this.run(this.execArgs(false, `cat ${quote(file)}`), {
      signal,
      stdout: destination,
      endStdout: false, // the caller owns the destination
    });
    if (r.code !== 0) throw new Error(`download of ${file} failed: ${r.stderr.trim()}`);
  }

  async downloadDir(
    sourceDir: string,
    destination: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    makeDirectory(destination);
    const contents = sourceDir.endsWith('/');
    const source = sourceDir.replace(/\/+$/, '');
    if (exclude.length === 0) {
      // The docker CLI unpacks the archive itself (as Packer's communicator lets it), about five
      // times faster than unpacking it here file by file: `dir/.` copies what is inside the
      // directory, `dir` the directory into the existing destination.
      const r = await this.run(
        ['cp', `${this.container}:${contents ? `${source}/.` : source}`, destination],
        {
          signal,
        },
      );
      if (r.code !== 0) throw new Error(`download of ${sourceDir} failed: ${r.stderr.trim()}`);
      return;
    }
    const tarStream = new PassThrough();
    const extract = tar.x({
      cwd: destination,
      strip: contents ? 1 : 0,
      filter: (p) => !exclude.some((x) => p.split('/').includes(x)),
    });
    const done = pipeline(tarStream, extract as unknown as Writable);
    const r = await this.run(['cp', `${this.container}:${source}`, '-'], {
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
