import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

import { HttpsProxyAgent } from 'https-proxy-agent';

/**
 * The one HTTP client plugin installation uses: GET with redirects (GitHub release assets redirect
 * to a storage host), bodies read into memory with a size bound, proxies from `HTTPS_PROXY` /
 * `HTTP_PROXY` / `NO_PROXY` (as Go's ProxyFromEnvironment reads them, so Kiln goes where Packer
 * would), and extra CA certificates from `KILN_PLUGIN_CA_FILE` for mirrors signed by a private CA
 * (`NODE_EXTRA_CA_CERTS` works too, read by Node when it starts).
 */

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export interface HttpGetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface HttpClient {
  get(url: string, options?: HttpGetOptions): Promise<HttpResponse>;
  /** Closes every connection still open (a tunnel through a proxy would keep the CLI alive). */
  close(): void;
}

/** The request never got an answer (refused, reset, DNS, TLS, timeout): the server is unreachable. */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: Error,
  ) {
    super(`Get "${url}": ${cause.message}`);
    this.name = 'UnreachableError';
  }
}

/** The command was interrupted (Ctrl-C) while a request was under way: it was abandoned. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

export interface HttpClientOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly userAgent: string;
  /**
   * Aborts every request of this client, under way or to come (Ctrl-C): each then fails with an
   * InterruptedError at once, its connection destroyed, the body read so far dropped.
   */
  readonly signal?: AbortSignal;
  /** Per request, from first byte to last. */
  readonly timeoutMs?: number;
  /** Larger bodies are refused (a plugin archive is tens of MB). */
  readonly maxBytes?: number;
}

const MAX_REDIRECTS = 10;

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const caFile = opts.env.KILN_PLUGIN_CA_FILE;
  const ca = caFile ? [...tls.rootCertificates, fs.readFileSync(caFile, 'utf8')] : undefined;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const maxBytes = opts.maxBytes ?? 1024 * 1024 * 1024;
  const agents = new Map<string, http.Agent>();
  const agentFor = (url: URL): http.Agent | undefined => {
    const proxy = proxyFor(url, opts.env);
    const key = `${url.protocol}${proxy ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
      if (proxy) agent = new HttpsProxyAgent(proxy, ca ? { ca } : {});
      else if (url.protocol === 'https:') agent = new https.Agent(ca ? { ca } : {});
      else return undefined;
      agents.set(key, agent);
    }
    return agent;
  };

  const once = (url: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new InterruptedError());
        return;
      }
      const lib = url.protocol === 'https:' ? https : http;
      let settled = false;
      const settle = (done: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        done();
      };
      const fail = (err: Error): void =>
        settle(() => reject(signal?.aborted ? new InterruptedError() : new UnreachableError(url.href, err)));
      const req = lib.request(
        url,
        {
          method: 'GET',
          headers: { 'user-agent': opts.userAgent, ...headers },
          agent: agentFor(url),
          ...(ca ? { ca } : {}),
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              req.destroy(new Error(`response larger than ${maxBytes} bytes`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () =>
            settle(() =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
                url: url.href,
              }),
            ),
          );
          res.on('error', fail);
          // A connection closed before the body ended (no 'end', and not always an 'error').
          res.on('close', () => {
            if (!res.complete) fail(new Error('connection closed before the end of the answer'));
          });
        },
      );
      // The socket is destroyed at once, not left to finish the body in the background.
      const onAbort = (): void => {
        fail(new Error('aborted'));
        req.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs / 1000}s`)));
      req.on('error', fail);
      req.end();
    });

  return {
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
    async get(raw, options = {}) {
      let url = new URL(raw);
      const headers = { ...(options.headers ?? {}) };
      const signal =
        options.signal && opts.signal
          ? AbortSignal.any([options.signal, opts.signal])
          : (options.signal ?? opts.signal);
      for (let hop = 0; ; hop++) {
        const res = await once(url, headers, signal);
        const location = res.headers.location;
        if (![301, 302, 303, 307, 308].includes(res.status) || location === undefined) return res;
        if (hop >= MAX_REDIRECTS)
          throw new UnreachableError(raw, new Error(`stopped after ${MAX_REDIRECTS} redirects`));
        const next = new URL(location, url);
        // Credentials are for the host they were given for (GitHub's API), never a storage host.
        if (next.host !== url.host) delete headers.authorization;
        if (url.protocol === 'https:' && next.protocol !== 'https:') {
          throw new UnreachableError(raw, new Error(`redirected from HTTPS to ${next.protocol}`));
        }
        url = next;
      }
    },
  };
}

/**
 * The proxy for a URL, as Go's httpproxy.FromEnvironment decides (what Packer uses): `HTTPS_PROXY`
 * (or `https_proxy`) for https URLs, `HTTP_PROXY` for http; none for localhost and loopback
 * addresses, or for a host `NO_PROXY` lists (`*`, a host name matching itself and its subdomains, a
 * leading `.` meaning subdomains only, an optional `:port`, an IP address or CIDR).
 */
export function proxyFor(url: URL, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const pick = (upper: string): string | undefined => env[upper] || env[upper.toLowerCase()] || undefined;
  const proxy = url.protocol === 'https:' ? pick('HTTPS_PROXY') : pick('HTTP_PROXY');
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || /^127\./.test(host) || host === '::1') return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of (pick('NO_PROXY') ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return undefined;
    if (entry.includes('/') && cidrContains(entry, host)) return undefined;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
    const [name, entryPort] = [m?.[1] ?? entry, m?.[2]];
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.startsWith('.')) {
      if (host.endsWith(name)) return undefined;
    } else if (host === name || host.endsWith(`.${name.replace(/^\*\./, '')}`)) return undefined;
  }
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function cidrContains(cidr: string, host: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const toInt = (ip: string): number | undefined => {
    const parts = ip.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reduce((n, p) => n * 256 + Number(p), 0);
  };
  const a = toInt(base);
  const b = toInt(host);
  const bits = Number(bitsText);
  if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}
