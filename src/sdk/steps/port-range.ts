import type * as net from 'node:net';

import { CancelledError, errorMessage } from '../../engine/abort';

/**
 * packer-plugin-sdk's net.ListenRangeConfig: listen on a port picked at random from [min, max) (just
 * `min` when the two are equal), because parallel builds each want one. Packer retries random ports
 * until cancelled; Kiln tries each port of the range once, in random order, and then says that none
 * was free rather than waiting forever. Packer also takes a lock file per port for listeners that
 * are closed before a third party (a VNC server) binds the port; a server that keeps its listener,
 * as the HTTP server does, holds the port by its bind alone.
 */

export interface PortRange {
  readonly min: number;
  readonly max: number;
  readonly address: string;
  /** tcp, tcp4 or tcp6. */
  readonly network: string;
}

/** Starts `server` listening on a free port of the range; returns the port. */
export async function listenInRange(
  server: net.Server,
  range: PortRange,
  signal: AbortSignal,
): Promise<number> {
  if (range.network !== 'tcp' && range.network !== 'tcp4' && range.network !== 'tcp6')
    throw new Error(`listening on ${range.network} is not supported by Kiln (use tcp, tcp4 or tcp6)`);
  const ports = candidatePorts(range.min, range.max);
  if (ports.length === 0) throw new Error(`no port in the range ${range.min}-${range.max}`);
  let last = '';
  for (const port of ports) {
    if (signal.aborted) throw new CancelledError();
    try {
      await listen(server, port, range);
      return port;
    } catch (e) {
      last = `port ${port} cannot be opened: listen ${range.network} ${joinHostPort(range.address, port)}: ${bindError(e)}`;
    }
  }
  const span = range.max > range.min ? `from ${range.min} to ${range.max - 1}` : `${range.min}`;
  throw new Error(`no free port ${span} on ${range.address || 'any address'} (${last})`);
}

/** The ports to try, in random order: [min, max), or min alone when max <= min. */
export function candidatePorts(min: number, max: number): number[] {
  const lo = Math.max(1, Math.trunc(min));
  const hi = Math.min(65536, Math.trunc(max));
  const ports: number[] = [];
  if (hi > lo) for (let p = lo; p < hi; p++) ports.push(p);
  else if (lo >= 1 && lo <= 65535) ports.push(lo);
  for (let i = ports.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [ports[i], ports[j]] = [ports[j], ports[i]];
  }
  return ports;
}

function listen(server: net.Server, port: number, range: PortRange): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    const host = range.address !== '' ? range.address : range.network === 'tcp6' ? '::' : '0.0.0.0';
    server.listen({ port, host, ipv6Only: range.network === 'tcp6', exclusive: true });
  });
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's wording for the usual bind failures. */
function bindError(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return 'bind: address already in use';
    case 'EACCES':
      return 'bind: permission denied';
    case 'EADDRNOTAVAIL':
      return 'bind: cannot assign requested address';
    default:
      return errorMessage(e);
  }
}
