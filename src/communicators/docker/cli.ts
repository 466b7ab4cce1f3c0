import type { Readable, Writable } from 'node:stream';

import { CancelledError } from '../../engine/abort';
import { signalGroup, spawnLocal } from '../../engine/local-process';
import { pauseWhile } from '../../engine/output-pacing';

/**
 * The docker CLI, as Packer's docker plugin drives it: arguments are passed as an array (never
 * through a shell), DOCKER_HOST and friends come from the environment, and cancelling kills the
 * client and whatever it started (an ssh connection for ssh:// hosts, a credential helper): it
 * runs in a process group of its own.
 */

export interface DockerRun {
  readonly stdin?: Readable;
  /**
   * Receives stdout as it arrives; when absent stdout is collected and returned. A function's
   * promise is backpressure: no more output is read until it settles.
   */
  readonly stdout?: Writable | ((chunk: Buffer) => Promise<void> | undefined | void);
  readonly onStderr?: (chunk: Buffer) => Promise<void> | undefined | void;
  readonly signal: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  /** The docker executable (the builder's `docker_path`); default `docker`. */
  readonly executable?: string;
  /** Whether a Writable `stdout` is ended when the command's output ends (default true). */
  readonly endStdout?: boolean;
}

export interface DockerResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function docker(args: readonly string[], opts: DockerRun): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return reject(new CancelledError());
    const executable = opts.executable || 'docker';
    const child = spawnLocal(executable, args, { env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let destinationError: Error | undefined;
    const onAbort = (): void => {
      signalGroup(child, 'SIGKILL');
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    if (opts.stdin) {
      opts.stdin.on('error', (e) => child.stdin.destroy(e));
      opts.stdin.pipe(child.stdin);
    } else child.stdin.end();
    child.stdin.on('error', () => undefined); // the process may exit before reading everything
    const out = opts.stdout;
    if (out === undefined) child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    else if (typeof out === 'function')
      child.stdout.on('data', (c: Buffer) => pauseWhile([child.stdout, child.stderr], out(c) ?? undefined));
    else {
      // pipe() applies backpressure: a slow destination pauses the docker client's output.
      child.stdout.pipe(out, { end: opts.endStdout ?? true });
      // A destination that fails (a full disk) ends the command, which nothing would read any more.
      out.once('error', (e) => {
        destinationError ??= e;
        signalGroup(child, 'SIGKILL');
      });
    }
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      pauseWhile([child.stdout, child.stderr], opts.onStderr?.(c) ?? undefined);
    });
    child.on('error', (e) => {
      opts.signal.removeEventListener('abort', onAbort);
      reject(new Error(`cannot run ${executable}: ${e.message}`));
    });
    child.on('close', (code) => {
      opts.signal.removeEventListener('abort', onAbort);
      if (opts.signal.aborted) return reject(new CancelledError());
      if (destinationError !== undefined) return reject(destinationError);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Runs docker and fails with its stderr unless it exits 0; returns trimmed stdout. */
export async function dockerOk(args: readonly string[], opts: DockerRun): Promise<string> {
  const r = await docker(args, opts);
  if (r.code !== 0)
    throw new Error(`docker ${args[0]} failed: ${r.stderr.trim() || `exit status ${r.code}`}`);
  return r.stdout.trim();
}
