import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

import { type Handshake, parseHandshake } from './handshake';

/**
 * A plugin process, started as Packer core starts one (packer/plugin_client.go): `<binary> start
 * <kind> --protobuf <name>` with the SDK's magic cookie in its environment (without it the plugin
 * refuses to run: "Please do not execute plugins directly"), its first stdout line the handshake,
 * then Kiln connects to the socket it names. The plugin ignores SIGINT and SIGTERM once serving,
 * so stopping it is closing the connection and, failing that, SIGKILL — as Packer does.
 */

/** packer-plugin-sdk plugin/server.go: MagicCookieKey and MagicCookieValue. */
export const MAGIC_COOKIE_KEY = 'PACKER_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

export type PluginKind = 'builder' | 'provisioner' | 'post-processor' | 'datasource';

export interface StartOptions {
  readonly binary: string;
  readonly kind: PluginKind;
  /** The component's name inside the plugin (`-packer-default-plugin-name-` for the default one). */
  readonly name: string;
  /** How the user knows the component (`docker`, `amazon-ebs`): every error names it. */
  readonly label: string;
  /** Packer waits a minute for the handshake. */
  readonly startTimeoutMs?: number;
  /** The TCP range a plugin may listen on where it uses TCP (Packer's defaults). */
  readonly minPort?: number;
  readonly maxPort?: number;
  /** Each line the plugin writes on stderr (its log), as it comes. */
  readonly onStderr?: (line: string) => void;
  /** Added to Kiln's own environment, which the plugin inherits as under Packer. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface PluginExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface PluginProcess {
  readonly pid: number;
  readonly handshake: Handshake;
  /** The connection to the plugin, for the yamux session. */
  readonly socket: net.Socket;
  /** Resolves when the process has exited (crash or close) and its stderr is read to the end. */
  readonly exited: Promise<PluginExit>;
  /** The last lines of its stderr, for an error message when it dies. */
  stderrTail(): string;
  /**
   * Closes the connection, gives the plugin `graceMs` to exit by itself (it does once its session
   * ends), then kills it; resolves once it is reaped. The unix socket file is removed if left.
   */
  close(graceMs?: number): Promise<void>;
}

export class PluginStartError extends Error {
  override readonly name = 'PluginStartError';
}

const TAIL_LINES = 20;

export async function startPlugin(options: StartOptions): Promise<PluginProcess> {
  const { binary, kind, name, label } = options;
  const child = spawn(binary, ['start', kind, '--protobuf', name], {
    env: {
      ...process.env,
      ...options.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PACKER_PLUGIN_MIN_PORT: String(options.minPort ?? 10000),
      PACKER_PLUGIN_MAX_PORT: String(options.maxPort ?? 25000),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const stderrDone = readLines(child.stderr, (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    options.onStderr?.(line);
  });
  const exited = new Promise<PluginExit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
    // A binary that cannot be run at all never emits 'close' with a status worth waiting for.
    child.once('error', () => resolve({ code: null, signal: null }));
  }).then(async (exit) => {
    await stderrDone;
    return exit;
  });
  const stderrTail = (): string => tail.join('\n');

  let handshake: Handshake;
  let socket: net.Socket;
  try {
    handshake = await waitForHandshake(child, exited, options.startTimeoutMs ?? 60_000);
    socket = await connect(handshake);
  } catch (err) {
    const running = child.exitCode === null && child.signalCode === null;
    child.kill('SIGKILL');
    const exit = await exited;
    throw new PluginStartError(
      `${label} plugin (${binary} start ${kind} ${name}): ${(err as Error).message}` +
        // Killed by us after a timeout or a bad handshake, its status would say nothing.
        (running ? '' : describeExit(exit)) +
        (tail.length ? `\nPlugin output:\n${stderrTail()}` : ''),
      { cause: err },
    );
  }

  let closing: Promise<void> | undefined;
  const close = (graceMs = 2000): Promise<void> =>
    (closing ??= (async () => {
      socket.destroy();
      let timer: NodeJS.Timeout | undefined;
      const gone = await Promise.race([
        exited.then(() => true),
        new Promise<false>((r) => (timer = setTimeout(() => r(false), graceMs))),
      ]);
      clearTimeout(timer);
      if (!gone) child.kill('SIGKILL');
      await exited;
      if (handshake.network === 'unix') fs.rmSync(handshake.address, { force: true });
    })());

  return { pid: child.pid ?? -1, handshake, socket, exited, stderrTail, close };
}

/** The first stdout line, checked; rejects on timeout or exit first (Packer's two messages). */
function waitForHandshake(
  child: ChildProcess,
  exited: Promise<PluginExit>,
  timeoutMs: number,
): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const settle = (fn: () => void): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Later stdout is not read by anyone, but must be drained or the plugin blocks on it.
      child.stdout?.resume();
      fn();
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      settle(() => {
        try {
          resolve(parseHandshake(buffered.slice(0, nl)));
        } catch (err) {
          reject(err as Error);
        }
      });
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error('timeout while waiting for plugin to start'))),
      timeoutMs,
    );
    child.stdout?.on('data', onData);
    child.once('error', (err) => settle(() => reject(err)));
    void exited.then(() => settle(() => reject(new Error('plugin exited before we could connect'))));
  });
}

function connect(h: Handshake): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket =
      h.network === 'unix'
        ? net.connect(h.address)
        : net.connect(Number(h.address.slice(h.address.lastIndexOf(':') + 1)), h.address.split(':')[0]);
    socket.once('connect', () => {
      socket.off('error', reject);
      // As Packer: a TCP connection to a plugin must not be dropped by an idle middlebox.
      if (h.network === 'tcp') socket.setKeepAlive(true);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function describeExit(exit: PluginExit): string {
  if (exit.signal) return ` (killed by ${exit.signal})`;
  if (exit.code !== null) return ` (exit status ${exit.code})`;
  return '';
}

/** Calls `onLine` for each line; resolves when the stream ends. */
function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      rest += chunk;
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    });
    stream.once('end', () => {
      if (rest !== '') onLine(rest);
      resolve();
    });
    stream.once('error', () => resolve());
  });
}
