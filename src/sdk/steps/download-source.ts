import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { CancelledError, errorMessage } from '../../engine/abort';
import { errnoText } from '../../engine/file-errors';

/**
 * Where a download comes from, and fetching it, for the download step. Kiln reads what Packer's
 * templates mostly use: http(s) URLs and local files (plain paths and file: URLs); go-getter's other
 * protocols (git, s3, gcs, smb...) are refused by name. Node's own http client is enough for this.
 */

export type DownloadSource =
  { readonly kind: 'local'; readonly path: string } | { readonly kind: 'http'; readonly url: URL };

/**
 * Reads a URL or path as go-getter would detect it: http(s) URLs, `file:` URLs (`file:///abs`,
 * `file://./relative`, `file:relative`), and plain paths (relative to `cwd`).
 */
export function parseSource(text: string, cwd: string): DownloadSource {
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`url parse: invalid URL ${JSON.stringify(text)}`);
    }
    return { kind: 'http', url };
  }
  if (/^file:/i.test(text)) return { kind: 'local', path: path.resolve(cwd, fileUrlPath(text)) };
  // A Windows drive letter is not a scheme.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  if (scheme && !/^[a-z]:[\\/]/i.test(text))
    throw new Error(`Kiln downloads http, https and local files, not ${scheme[1]}: ${text}`);
  return { kind: 'local', path: path.resolve(cwd, text) };
}

/** The path a file: URL names; a host of `.` or `..` starts a relative path, as Packer's docs write them. */
function fileUrlPath(text: string): string {
  let rest = text.slice('file:'.length);
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    const host = slash < 0 ? rest : rest.slice(0, slash);
    const tail = slash < 0 ? '' : rest.slice(slash);
    if (host === '.' || host === '..') rest = host + tail;
    else if (host === '' || host.toLowerCase() === 'localhost') rest = tail;
    else throw new Error(`Kiln reads file: URLs on this machine only, not on ${host}: ${text}`);
  }
  try {
    return decodeURIComponent(rest);
  } catch {
    throw new Error(`url parse: invalid escape in ${JSON.stringify(text)}`);
  }
}

/** Go's http client gives up after 10 redirects. */
const MAX_REDIRECTS = 10;

export interface HttpGetOptions {
  readonly signal: AbortSignal;
  /** Called for every chunk with the bytes so far and the length announced (undefined: unknown). */
  readonly onData?: (chunk: Buffer, received: number, total: number | undefined) => void;
}

/** GETs a URL (following redirects) into `file`, which it creates; the caller removes it on failure. */
export async function httpGetToFile(url: URL, file: string, opts: HttpGetOptions): Promise<void> {
  const response = await openResponse(url, opts.signal);
  const header = response.headers['content-length'];
  const total = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
  let received = 0;
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o644 });
  try {
    await pipeline(
      response,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          opts.onData?.(chunk, received, total);
          yield chunk;
        }
      },
      out,
      { signal: opts.signal },
    );
  } catch (e) {
    if (opts.signal.aborted) throw new CancelledError();
    // A local write failing (a full disk) names the file; anything else is the transfer's fault.
    if ((e as NodeJS.ErrnoException).path !== undefined) throw new Error(`${file}: ${errnoText(e)}`);
    throw new Error(`${url.href}: ${readError(e)}`);
  }
  if (total !== undefined && received < total) throw new Error(`${url.href}: unexpected EOF`);
}

/** GETs a small text file (a checksum file) into memory. */
export async function httpGetText(url: URL, signal: AbortSignal, limit = 16 * 1024 * 1024): Promise<string> {
  const response = await openResponse(url, signal);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        response.destroy();
        throw new Error(`${url.href}: larger than ${limit} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw e;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A 200 response, after redirects; any other status is go-getter's "bad response code". */
async function openResponse(start: URL, signal: AbortSignal): Promise<http.IncomingMessage> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const response = await request(url, signal);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if ([301, 302, 303, 307, 308].includes(status) && location !== undefined) {
      response.resume();
      if (redirects >= MAX_REDIRECTS)
        throw new Error(`Get ${JSON.stringify(url.href)}: stopped after 10 redirects`);
      url = new URL(location, url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new Error(`Get ${JSON.stringify(url.href)}: unsupported protocol scheme ${url.protocol}`);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new Error(`bad response code: ${status}`);
    }
    return response;
  }
}

function request(url: URL, signal: AbortSignal): Promise<http.IncomingMessage> {
  if (signal.aborted) return Promise.reject(new CancelledError());
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = get(url, { signal, headers: { 'user-agent': 'kiln' } }, resolve);
    req.on('error', (e) => {
      reject(
        signal.aborted
          ? new CancelledError()
          : new Error(`Get ${JSON.stringify(url.href)}: ${errorMessage(e)}`),
      );
    });
  });
}

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return 'unexpected EOF';
  return errorMessage(e);
}
