import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';

import { createType1Message, createType3Message, decodeType2Message } from '@ewsjs/ntlm-client';

import { CancelledError } from '../../engine/abort';
import { type SoapFault, parseFault } from './soap';

/**
 * WS-Management's HTTP side: one POST of a SOAP envelope to `/wsman`, authenticated with Basic
 * (`winrm_use_ntlm` false, Packer's default) or NTLMv2 (`winrm_use_ntlm`, as Packer's
 * ClientNTLM: Azure/go-ntlmssp's negotiator). NTLM authenticates a connection, not a request, so
 * each NTLM connection is an agent of one kept-alive socket: a request goes out anonymously first
 * (an authenticated connection passes), and on 401 the NEGOTIATE / CHALLENGE / AUTHENTICATE
 * exchange runs on that same socket, the request's body sent with each step. The messages come
 * from @ewsjs/ntlm-client; no message encryption (as Packer: over HTTP the server must allow
 * unencrypted WinRM). Errors read as masterzen/winrm's.
 */

export interface WinRMEndpoint {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
  /** Do not check the server's certificate (winrm_insecure). */
  readonly insecure: boolean;
  readonly username: string;
  readonly password: string;
  readonly ntlm: boolean;
}

/** An answer other than 200 with a SOAP body: masterzen/winrm's wording, the status and fault kept. */
export class WinRMHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly fault: SoapFault | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'WinRMHttpError';
  }
}

/** The server refused the credentials (HTTP 401 after authenticating). */
export function isAuthFailure(e: unknown): boolean {
  return e instanceof WinRMHttpError && e.status === 401;
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** How long opening a TCP connection may take (masterzen/winrm's dialer: 30 s). */
const CONNECT_TIMEOUT_MS = 30_000;

export function endpointUrl(e: Pick<WinRMEndpoint, 'host' | 'port' | 'https'>): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${e.https ? 'https' : 'http'}://${host}:${e.port}/wsman`;
}

/** `DOMAIN\user` → user and domain, as go-ntlmssp splits it (a UPN `user@domain` stays whole). */
export function splitNtlmUser(username: string): { user: string; domain: string } {
  const i = username.indexOf('\\');
  return i < 0
    ? { user: username, domain: '' }
    : { user: username.slice(i + 1), domain: username.slice(0, i) };
}

/** What the shell and file transfers need of a transport (a fake in unit tests). */
export interface SoapTransport {
  readonly url: string;
  /** POSTs one envelope; resolves with the answer's body (a SOAP envelope, or '' for an empty 200). */
  post(envelope: string, signal?: AbortSignal): Promise<string>;
  /** Closes every connection; idempotent. */
  close(): void;
}

export class WinRMTransport implements SoapTransport {
  readonly url: string;
  private readonly shared?: http.Agent;
  /** NTLM connections not in use; each one socket, authenticated once it has been. */
  private readonly idle: http.Agent[] = [];
  private readonly all = new Set<http.Agent>();

  constructor(private readonly endpoint: WinRMEndpoint) {
    this.url = endpointUrl(endpoint);
    if (!endpoint.ntlm) this.shared = this.newAgent(Infinity);
  }

  private newAgent(maxSockets: number): http.Agent {
    const options = { keepAlive: true, maxSockets };
    const agent = this.endpoint.https
      ? new https.Agent({ ...options, rejectUnauthorized: !this.endpoint.insecure })
      : new http.Agent(options);
    this.all.add(agent);
    return agent;
  }

  /** POSTs one envelope; resolves with the answer's body (a SOAP envelope, or '' for an empty 200). */
  async post(envelope: string, signal?: AbortSignal): Promise<string> {
    if (this.shared !== undefined) {
      const basic = Buffer.from(`${this.endpoint.username}:${this.endpoint.password}`).toString('base64');
      return this.interpret(await this.exchange(this.shared, envelope, `Basic ${basic}`, signal));
    }
    const agent = this.idle.pop() ?? this.newAgent(1);
    let healthy = false;
    try {
      const answer = await this.ntlmExchange(agent, envelope, signal);
      healthy = true;
      return this.interpret(answer);
    } finally {
      if (healthy) this.idle.push(agent);
      else this.dropAgent(agent);
    }
  }

  private async ntlmExchange(agent: http.Agent, envelope: string, signal?: AbortSignal): Promise<Answer> {
    const first = await this.exchange(agent, envelope, undefined, signal);
    if (first.status !== 401) return first;
    const offered = challengeHeaders(first.headers);
    const scheme = offered.some((h) => /^Negotiate\b/i.test(h)) ? 'Negotiate' : 'NTLM';
    if (!offered.some((h) => /^(Negotiate|NTLM)\b/i.test(h))) return first;
    const { user, domain } = splitNtlmUser(this.endpoint.username);
    const workstation = os.hostname();
    const negotiate = createType1Message(workstation, '').replace(/^NTLM /, '');
    const second = await this.exchange(agent, envelope, `${scheme} ${negotiate}`, signal);
    const token = challengeHeaders(second.headers)
      .map((h) => /^(?:Negotiate|NTLM)\s+(\S+)/i.exec(h)?.[1])
      .find((t) => t !== undefined);
    if (second.status !== 401 || token === undefined) return second;
    const authenticate = createType3Message(
      decodeType2Message(token),
      user,
      this.endpoint.password,
      workstation,
      domain,
    );
    return this.exchange(agent, envelope, `${scheme} ${authenticate.replace(/^NTLM /, '')}`, signal);
  }

  private interpret(answer: Answer): string {
    if (!(answer.headers['content-type'] ?? '').includes('application/soap+xml')) {
      throw new WinRMHttpError(
        answer.status,
        answer.body,
        undefined,
        `http response error: ${answer.status} - invalid content type`,
      );
    }
    if (answer.status !== 200) {
      const fault = parseFault(answer.body);
      const detail = fault === undefined ? answer.body : `${fault.subcode}: ${fault.reason}`;
      throw new WinRMHttpError(answer.status, answer.body, fault, `http error ${answer.status}: ${detail}`);
    }
    return answer.body;
  }

  private exchange(
    agent: http.Agent,
    envelope: string,
    authorization: string | undefined,
    signal?: AbortSignal,
  ): Promise<Answer> {
    const body = Buffer.from(envelope, 'utf8');
    const request = this.endpoint.https ? https.request : http.request;
    return new Promise<Answer>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const req = request(this.url, {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/soap+xml;charset=UTF-8',
          'Content-Length': body.length,
          ...(authorization !== undefined ? { Authorization: authorization } : {}),
        },
      });
      const onAbort = (): void => {
        req.destroy(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
          req.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })),
        );
        socket.once('connect', () => socket.setTimeout(0));
      });
      req.on('error', (e) => {
        done();
        if (e instanceof CancelledError || signal?.aborted) reject(new CancelledError());
        else reject(Object.assign(new Error(`unknown error Post "${this.url}": ${e.message}`), { cause: e }));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => {
          done();
          reject(e);
        });
        res.on('end', () => {
          done();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(body);
    });
  }

  private dropAgent(agent: http.Agent): void {
    agent.destroy();
    this.all.delete(agent);
  }

  /** Closes every connection; idempotent. */
  close(): void {
    for (const agent of this.all) agent.destroy();
    this.all.clear();
    this.idle.length = 0;
  }
}

function challengeHeaders(headers: http.IncomingHttpHeaders): string[] {
  const value = headers['www-authenticate'];
  if (value === undefined) return [];
  // Node joins repeated WWW-Authenticate headers with ", "; each scheme starts a new challenge.
  return value.split(/,\s*(?=(?:Negotiate|NTLM|Basic|Kerberos|Digest)\b)/i).map((h) => h.trim());
}

/** A failure to reach the server at all (refused, reset, timed out, name not found). */
export function isNetworkError(e: unknown): boolean {
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string';
}
