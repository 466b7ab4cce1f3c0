import { goQuote } from '../text/go-quote';

/**
 * The SDK's ParseTunnelArgument for `ssh_local_tunnels` / `ssh_remote_tunnels` entries of the form
 * `port:host:hostport`, with the error text Go produces (net.SplitHostPort, strconv.Atoi).
 */

export interface TunnelArgument {
  /** The local (listening) port. */
  readonly listenPort: number;
  readonly forwardHost: string;
  readonly forwardPort: number;
}

export type TunnelParse = { ok: true; tunnel: TunnelArgument } | { ok: false; message: string };

export function parseTunnelArgument(forward: string): TunnelParse {
  const colon = forward.indexOf(':');
  if (colon < 0) return { ok: false, message: `Error parsing tunnel '${forward}': [${forward}]` };
  const listening = forward.slice(0, colon);
  const forwarding = forward.slice(colon + 1);

  const split = splitHostPort(forwarding);
  if (!split.ok) {
    return { ok: false, message: `Error parsing forwarding, must be a tcp address: ${split.message}` };
  }
  const forwardPort = goAtoi(split.port);
  if (!forwardPort.ok) {
    return {
      ok: false,
      message: `Error parsing forwarding port, must be a valid port: ${forwardPort.message}`,
    };
  }
  const listenPort = goAtoi(listening);
  if (!listenPort.ok) {
    return {
      ok: false,
      message: `Error parsing listening port, must be a valid port: ${listenPort.message}`,
    };
  }
  return {
    ok: true,
    tunnel: { listenPort: listenPort.value, forwardHost: split.host, forwardPort: forwardPort.value },
  };
}

/** Go's net.SplitHostPort, with net.AddrError's text ("address x: missing port in address"). */
export function splitHostPort(
  hostport: string,
): { ok: true; host: string; port: string } | { ok: false; message: string } {
  const fail = (why: string) => ({ ok: false as const, message: `address ${hostport}: ${why}` });
  const last = hostport.lastIndexOf(':');
  if (last < 0) return fail('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return fail("missing ']' in address");
    if (end + 1 === hostport.length) return fail('missing port in address');
    if (end + 1 !== last)
      return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, last);
    if (host.includes(':')) return fail('too many colons in address');
  }
  if (hostport.slice(j).includes('[')) return fail("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) return fail("unexpected ']' in address");
  return { ok: true, host, port: hostport.slice(last + 1) };
}

/** strconv.Atoi on a 64-bit platform, with its error text. */
export function goAtoi(s: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[+-]?[0-9]+$/.test(s))
    return { ok: false, message: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  const big = BigInt(s);
  if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) {
    return { ok: false, message: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  }
  return { ok: true, value: Number(big) };
}
