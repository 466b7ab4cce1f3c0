import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * The Actions cache service on loopback, speaking the REST protocol @actions/cache 4.x uses when
 * ACTIONS_CACHE_URL is set (cache service v1: `_apis/artifactcache/cache?keys=&version=` to look up,
 * `caches` to reserve, PATCH with Content-Range to upload, POST to commit, the archive from
 * `archiveLocation`), keeping entries in memory. For the action's plugin cache tests (issue 17).
 */

export interface CacheServer {
  /** ACTIONS_CACHE_URL (ends with a slash, as the runner's does). */
  readonly url: string;
  /** Committed entries: key → archive bytes. */
  readonly entries: Map<string, Buffer>;
  /** Every request: method and path. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startCacheServer(): Promise<CacheServer> {
  const committed = new Map<string, { version: string; data: Buffer }>();
  const pending = new Map<
    number,
    { key: string; version: string; chunks: { start: number; data: Buffer }[] }
  >();
  const requests: string[] = [];
  let nextId = 1;
  let url = '';
  const json = (res: http.ServerResponse, status: number, body?: unknown): void => {
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(body === undefined ? '' : JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const u = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${u.pathname}`);
      const m = /^\/_apis\/artifactcache\/caches\/(\d+)$/.exec(u.pathname);
      if (req.method === 'GET' && u.pathname === '/_apis/artifactcache/cache') {
        const version = u.searchParams.get('version') ?? '';
        for (const key of (u.searchParams.get('keys') ?? '').split(',')) {
          const hit = committed.get(key);
          if (hit && hit.version === version) {
            return json(res, 200, {
              cacheKey: key,
              scope: 'refs/heads/main',
              archiveLocation: `${url}archive/${encodeURIComponent(key)}`,
            });
          }
        }
        return json(res, 204);
      }
      if (req.method === 'POST' && u.pathname === '/_apis/artifactcache/caches') {
        const { key, version } = JSON.parse(body.toString('utf8')) as { key: string; version: string };
        if (committed.has(key)) return json(res, 409, { message: `Cache already exists: ${key}` });
        const id = nextId++;
        pending.set(id, { key, version, chunks: [] });
        return json(res, 201, { cacheId: id });
      }
      if (req.method === 'PATCH' && m) {
        const p = pending.get(Number(m[1]));
        const range = /^bytes (\d+)-(\d+)\//.exec(req.headers['content-range'] ?? '');
        if (!p || !range) return json(res, 400);
        p.chunks.push({ start: Number(range[1]), data: body });
        return json(res, 204);
      }
      if (req.method === 'POST' && m) {
        const p = pending.get(Number(m[1]));
        if (!p) return json(res, 404);
        const data = Buffer.concat(p.chunks.sort((a, b) => a.start - b.start).map((c) => c.data));
        const { size } = JSON.parse(body.toString('utf8')) as { size: number };
        if (size !== data.length) return json(res, 400, { message: `size ${size} != ${data.length}` });
        committed.set(p.key, { version: p.version, data });
        pending.delete(Number(m[1]));
        return json(res, 204);
      }
      const archive = /^\/archive\/(.+)$/.exec(u.pathname);
      if (req.method === 'GET' && archive) {
        const hit = committed.get(decodeURIComponent(archive[1]));
        if (!hit) return json(res, 404);
        res
          .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': hit.data.length })
          .end(hit.data);
        return;
      }
      json(res, 404);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    get entries() {
      return new Map([...committed].map(([k, v]) => [k, v.data]));
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
