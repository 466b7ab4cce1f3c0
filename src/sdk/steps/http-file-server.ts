import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';

import { nameSuggestion } from '../../hcl/didyoumean';

/**
 * What the HTTP server step serves, as Packer serves it: `http_directory` through Go's
 * http.FileServer (index.html, directory listings, redirects between `dir` and `dir/`, ranges,
 * If-Modified-Since), `http_content` through the SDK's MapServer (exact paths, a "Did you mean"
 * on a miss). A request path is decoded and cleaned before use, so `..` (however encoded) never
 * leads out of the directory; symbolic links inside it are followed, as Go does, since the
 * template's author put them there.
 */

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Go's path.Clean of a rooted path: `.` and `..` resolved (never above `/`), no trailing slash. */
export function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** The request's path, percent-decoded; undefined when it cannot be decoded or holds a NUL. */
function requestPath(req: http.IncomingMessage): { path: string; query: string } | undefined {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const encoded = q < 0 ? raw : raw.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  return { path: decoded.startsWith('/') ? decoded : `/${decoded}`, query: q < 0 ? '' : raw.slice(q + 1) };
}

/** Go's http.Error: a plain-text body with a newline. */
function sendError(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  res.end(`${text}\n`);
}

/** The SDK's MapServer over `http_content`. */
export function contentHandler(content: Readonly<Record<string, string>>): RequestHandler {
  const paths = Object.keys(content).sort();
  return (req, res) => {
    const parsed = requestPath(req);
    if (parsed === undefined) return sendError(res, 400, '400 Bad Request');
    const key = cleanPath(parsed.path);
    if (!Object.prototype.hasOwnProperty.call(content, key)) {
      const suggestion = nameSuggestion(key, paths);
      const hint = suggestion !== undefined ? ` Did you mean ${JSON.stringify(suggestion)}?` : '';
      return sendError(res, 404, `${key} not found.${hint}`);
    }
    const body = Buffer.from(content[key], 'utf8');
    res.writeHead(200, { 'content-type': sniffContentType(body), 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** Go's http.FileServer(http.Dir(root)). */
export function directoryHandler(root: string): RequestHandler {
  return (req, res) => {
    serveFromDirectory(root, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, '500 Internal Server Error');
      else res.destroy();
    });
  };
}

async function serveFromDirectory(
  root: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const parsed = requestPath(req);
  if (parsed === undefined) return sendError(res, 400, '400 Bad Request');
  const urlPath = parsed.path;
  const redirect = (to: string): void => {
    res.writeHead(301, { location: parsed.query !== '' ? `${to}?${parsed.query}` : to });
    res.end();
  };
  if (urlPath.endsWith('/index.html')) return redirect('./');
  const name = cleanPath(urlPath);
  // Go's http.Dir refuses the OS separator inside a name where it is not `/`.
  if (path.sep !== '/' && name.includes(path.sep)) return sendError(res, 404, '404 page not found');
  const file = path.join(root, ...name.split('/'));
  const relative = path.relative(path.resolve(root), path.resolve(file));
  if (relative.startsWith('..') || path.isAbsolute(relative))
    return sendError(res, 404, '404 page not found');

  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (e) {
    return sendOpenError(res, e);
  }
  if (stat.isDirectory() && !urlPath.endsWith('/')) return redirect(`${path.posix.basename(urlPath)}/`);
  if (!stat.isDirectory() && urlPath.endsWith('/')) return redirect(`../${path.posix.basename(urlPath)}`);
  if (stat.isDirectory()) {
    const index = path.join(file, 'index.html');
    const indexStat = await fs.promises.stat(index).catch(() => undefined);
    if (indexStat?.isFile()) return serveFile(index, indexStat, req, res);
    if (notModified(req, stat)) return void res.writeHead(304).end();
    return listDirectory(file, stat, req, res);
  }
  return serveFile(file, stat, req, res);
}

/** Go's toHTTPError. */
function sendOpenError(res: http.ServerResponse, e: unknown): void {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return sendError(res, 404, '404 page not found');
  if (code === 'EACCES' || code === 'EPERM') return sendError(res, 403, '403 Forbidden');
  sendError(res, 500, '500 Internal Server Error');
}

function notModified(req: http.IncomingMessage, stat: fs.Stats): boolean {
  const since = req.headers['if-modified-since'];
  if (since === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const t = Date.parse(since);
  // HTTP dates have whole seconds.
  return !Number.isNaN(t) && Math.floor(stat.mtimeMs / 1000) * 1000 <= t;
}

async function serveFile(
  file: string,
  stat: fs.Stats,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  if (notModified(req, stat)) return void res.writeHead(304).end();
  let head: Buffer;
  try {
    const fd = await fs.promises.open(file, 'r');
    try {
      const buf = Buffer.alloc(Math.min(512, stat.size));
      const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fd.close();
    }
  } catch (e) {
    return sendOpenError(res, e);
  }
  const headers: http.OutgoingHttpHeaders = {
    'content-type': contentTypeByExtension(file) ?? sniffContentType(head),
    'last-modified': new Date(stat.mtimeMs).toUTCString(),
    'accept-ranges': 'bytes',
  };
  let start = 0;
  let end = stat.size - 1;
  let status = 200;
  const range = parseRange(req.headers.range, stat.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${stat.size}` });
    return void res.end();
  }
  if (range !== undefined) {
    [start, end] = range;
    status = 206;
    headers['content-range'] = `bytes ${start}-${end}/${stat.size}`;
  }
  headers['content-length'] = Math.max(0, end - start + 1);
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || stat.size === 0) return void res.end();
  const stream = fs.createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * One `bytes=` range (a multi-range request gets the whole file, which HTTP allows); undefined for
 * none or an unreadable header.
 */
function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  if (start >= size) return 'unsatisfiable';
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? undefined : [start, end];
}

async function listDirectory(
  dir: string,
  stat: fs.Stats,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return sendError(res, 500, 'Error reading directory');
  }
  const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
  let body = '<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n';
  for (const name of names) {
    // A name with a colon would read as a URL scheme: Go writes it as a relative `./` path.
    const href = (name.includes(':') ? './' : '') + encodeURI(name).replace(/[?#]/g, encodeURIComponent);
    body += `<a href="${escapeHtml(href)}">${escapeHtml(name)}</a>\n`;
  }
  body += '</pre>\n';
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'last-modified': new Date(stat.mtimeMs).toUTCString(),
    'content-length': buf.length,
  });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Go's built-in mime table (the system's mime.types aside). */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.avif': 'image/avif',
  '.css': 'text/css; charset=utf-8',
  '.gif': 'image/gif',
  '.htm': 'text/html; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.mjs': 'text/javascript; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.webp': 'image/webp',
  '.xml': 'text/xml; charset=utf-8',
};

function contentTypeByExtension(file: string): string | undefined {
  return MIME_TYPES[path.extname(file).toLowerCase()];
}

/**
 * A reduced http.DetectContentType: HTML by its opening tag, text when no byte is a binary control
 * character (kickstart, preseed and cloud-init files), else octet-stream.
 */
export function sniffContentType(head: Buffer): string {
  const start = head.toString('latin1', 0, 64).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'text/html; charset=utf-8';
  for (const b of head) {
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f))
      return 'application/octet-stream';
  }
  return 'text/plain; charset=utf-8';
}
