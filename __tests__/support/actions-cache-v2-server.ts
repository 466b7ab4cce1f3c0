import { randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * The Actions cache service v2 on loopback, as @actions/cache 4.x speaks to it when
 * ACTIONS_CACHE_SERVICE_V2 is set (current GitHub runners), keeping entries in memory. For the
 * action's plugin cache tests (issue 17).
 *
 * Two services in one server, as on a runner:
 * - the results service at ACTIONS_RESULTS_URL: twirp JSON RPCs, POST
 *   `/twirp/github.actions.results.api.v1.CacheService/<Method>` with `Authorization: Bearer
 *   <ACTIONS_RUNTIME_TOKEN>` and proto field names (`restore_keys`, `signed_upload_url`,
 *   `size_bytes`…): GetCacheEntryDownloadURL (a hit is `{ok, signed_download_url, matched_key}`,
 *   a miss `{ok: false}`), CreateCacheEntry (`{ok, signed_upload_url}`), FinalizeCacheEntryUpload
 *   (`{ok, entry_id}`, once the blob holds `size_bytes` bytes). Errors are twirp's: an HTTP status
 *   and `{code, msg}`.
 * - blob storage at the signed URLs, in Azure's path style for an IP host
 *   (`/<account>/<container>/<blob>?<sas>`), as @azure/storage-blob's BlockBlobClient uploads: one
 *   Put Blob (`PUT`, `x-ms-blob-type: BlockBlob`) up to its single-shot size (128 MiB for the
 *   toolkit), else Put Block (`comp=block&blockid=`) and Put Block List (`comp=blocklist`, XML).
 *   Downloads are plain GETs (the toolkit's http-client for a host that is not
 *   `*.blob.core.windows.net`), with `Range` honoured for the storage SDK's ranged reads.
 */

export type CacheMethod = 'GetCacheEntryDownloadURL' | 'CreateCacheEntry' | 'FinalizeCacheEntryUpload';

export interface TwirpFault {
  /** HTTP status: 4xx are not retried by the toolkit; 429/500/502/503/504 are, 5 times from 3 s. */
  readonly status: number;
  readonly code: string;
  readonly msg: string;
}

export interface CacheV2Request {
  /** `POST CreateCacheEntry`, `PUT blob`, `PUT blob comp=block`, `GET blob`… */
  readonly line: string;
  /** A twirp call's JSON body. */
  readonly body?: Record<string, unknown>;
}

export interface CacheV2Entry {
  readonly key: string;
  readonly version: string;
  readonly id: number;
  /** `size_bytes` as FinalizeCacheEntryUpload gave it. */
  readonly sizeBytes: number;
  readonly data: Buffer;
}

export interface CacheV2Server {
  /** ACTIONS_RESULTS_URL (ends with a slash, as the runner's does). */
  readonly url: string;
  /** The bearer token the twirp calls must carry. */
  readonly token: string;
  /** Finalized entries by key. */
  readonly entries: ReadonlyMap<string, CacheV2Entry>;
  readonly requests: CacheV2Request[];
  /** Faults to answer each twirp method with, from now on (delete to heal). */
  readonly faults: Map<CacheMethod, TwirpFault>;
  /** The status to answer blob uploads with (undefined: store them). */
  blobUploadStatus: number | undefined;
  close(): Promise<void>;
}

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'kiln-actions-cache';

export async function startCacheV2Server(): Promise<CacheV2Server> {
  const token = `runtime-${randomBytes(8).toString('hex')}`;
  const entries = new Map<string, CacheV2Entry>();
  // Created, not finalized: by blob name.
  const pending = new Map<string, { key: string; version: string; id: number }>();
  const blobs = new Map<string, Buffer>();
  const staged = new Map<string, Map<string, Buffer>>();
  const requests: CacheV2Request[] = [];
  const faults = new Map<CacheMethod, TwirpFault>();
  let nextId = 1;
  let url = '';

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const twirpError = (res: http.ServerResponse, f: TwirpFault): void =>
    json(res, f.status, { code: f.code, msg: f.msg });
  // Signed URLs as the service makes them: a SAS query the storage client must carry along.
  const signed = (blob: string, perms: string): string =>
    `${url}${ACCOUNT}/${CONTAINER}/${blob}?sv=2024-11-04&sp=${perms}&sig=${randomBytes(12).toString('hex')}`;
  const storageHeaders = (extra: Record<string, string | number> = {}): Record<string, string | number> => ({
    'x-ms-request-id': randomBytes(8).toString('hex'),
    'x-ms-version': '2024-11-04',
    etag: `"0x${randomBytes(6).toString('hex')}"`,
    'last-modified': new Date().toUTCString(),
    ...extra,
  });

  const twirp = (method: string, body: Record<string, unknown>, res: http.ServerResponse): void => {
    const fault = faults.get(method as CacheMethod);
    if (fault) return twirpError(res, fault);
    const key = typeof body.key === 'string' ? body.key : '';
    const version = typeof body.version === 'string' ? body.version : '';
    switch (method) {
      case 'GetCacheEntryDownloadURL': {
        // The primary key exactly, then each restore key as a prefix (the newest entry first).
        const restoreKeys = Array.isArray(body.restore_keys) ? (body.restore_keys as string[]) : [];
        const candidates = [...entries.values()].filter((e) => e.version === version).reverse();
        const hit =
          candidates.find((e) => e.key === key) ??
          restoreKeys.map((p) => candidates.find((e) => e.key.startsWith(p))).find((e) => e !== undefined);
        if (!hit) return json(res, 200, { ok: false });
        return json(res, 200, {
          ok: true,
          signed_download_url: signed(`entry-${hit.id}`, 'r'),
          matched_key: hit.key,
        });
      }
      case 'CreateCacheEntry': {
        if (entries.has(key) || [...pending.values()].some((p) => p.key === key)) {
          return twirpError(res, { status: 409, code: 'already_exists', msg: 'cache entry already exists' });
        }
        const id = nextId++;
        pending.set(`entry-${id}`, { key, version, id });
        return json(res, 200, { ok: true, signed_upload_url: signed(`entry-${id}`, 'cw') });
      }
      case 'FinalizeCacheEntryUpload': {
        const found = [...pending.entries()].find(([, p]) => p.key === key && p.version === version);
        if (!found) return json(res, 200, { ok: false, message: `no cache entry ${key} being created` });
        const [blob, p] = found;
        const data = blobs.get(blob);
        const sizeBytes = Number(body.size_bytes);
        if (!data || data.length !== sizeBytes) {
          return twirpError(res, {
            status: 400,
            code: 'invalid_argument',
            msg: `size_bytes ${String(body.size_bytes)} but the blob holds ${data?.length ?? 'nothing'}`,
          });
        }
        pending.delete(blob);
        entries.set(key, { key, version, id: p.id, sizeBytes, data });
        return json(res, 200, { ok: true, entry_id: String(p.id) });
      }
      default:
        return twirpError(res, { status: 404, code: 'bad_route', msg: `no handler for ${method}` });
    }
  };

  const storage = (req: http.IncomingMessage, u: URL, body: Buffer, res: http.ServerResponse): void => {
    const blob = u.pathname.slice(`/${ACCOUNT}/${CONTAINER}/`.length);
    const comp = u.searchParams.get('comp');
    if (!u.searchParams.get('sig')) return void res.writeHead(403).end('no signature');
    if (req.method === 'PUT') {
      if (!pending.has(blob)) return void res.writeHead(404).end();
      if (server.blobUploadStatus !== undefined) {
        return void res
          .writeHead(server.blobUploadStatus, { 'content-type': 'application/xml', ...storageHeaders() })
          .end(
            '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationFailure</Code><Message>refused</Message></Error>',
          );
      }
      if (comp === 'block') {
        const id = u.searchParams.get('blockid') ?? '';
        if (!staged.has(blob)) staged.set(blob, new Map());
        staged.get(blob)?.set(id, body);
      } else if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map(
          (m) => m[1],
        );
        const blocks = staged.get(blob) ?? new Map<string, Buffer>();
        if (ids.some((id) => !blocks.has(id))) return void res.writeHead(400).end('InvalidBlockList');
        blobs.set(blob, Buffer.concat(ids.map((id) => blocks.get(id) as Buffer)));
        staged.delete(blob);
      } else if (comp === null && req.headers['x-ms-blob-type'] === 'BlockBlob') {
        blobs.set(blob, body);
      } else {
        return void res.writeHead(400).end(`unexpected upload comp=${String(comp)}`);
      }
      return void res.writeHead(201, storageHeaders({ 'content-length': 0 })).end();
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const data = blobs.get(blob);
      if (!data || pending.has(blob)) return void res.writeHead(404, storageHeaders()).end();
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''));
      const base = {
        'content-type': 'application/octet-stream',
        'x-ms-blob-type': 'BlockBlob',
        'accept-ranges': 'bytes',
      };
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(range[2] === '' ? data.length - 1 : Number(range[2]), data.length - 1);
        const part = data.subarray(start, end + 1);
        res.writeHead(
          206,
          storageHeaders({
            ...base,
            'content-length': part.length,
            'content-range': `bytes ${start}-${end}/${data.length}`,
          }),
        );
        return void res.end(req.method === 'HEAD' ? undefined : part);
      }
      res.writeHead(200, storageHeaders({ ...base, 'content-length': data.length }));
      return void res.end(req.method === 'HEAD' ? undefined : data);
    }
    res.writeHead(405).end();
  };

  const server = Object.assign(
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const u = new URL(req.url ?? '/', 'http://x');
        if (u.pathname.startsWith(SERVICE) && req.method === 'POST') {
          const method = u.pathname.slice(SERVICE.length);
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          } catch {
            // recorded as sent; answered below
          }
          requests.push({ line: `POST ${method}`, body: parsed });
          if (req.headers.authorization !== `Bearer ${token}`) {
            return twirpError(res, { status: 401, code: 'unauthenticated', msg: 'bad token' });
          }
          if (!String(req.headers['content-type']).startsWith('application/json')) {
            return twirpError(res, { status: 415, code: 'malformed', msg: 'JSON only here' });
          }
          return twirp(method, parsed, res);
        }
        if (u.pathname.startsWith(`/${ACCOUNT}/${CONTAINER}/`)) {
          const comp = u.searchParams.get('comp');
          requests.push({ line: `${req.method ?? '?'} blob${comp ? ` comp=${comp}` : ''}` });
          return storage(req, u, body, res);
        }
        requests.push({ line: `${req.method ?? '?'} ${u.pathname}` });
        twirpError(res, { status: 404, code: 'bad_route', msg: u.pathname });
      });
    }),
    { blobUploadStatus: undefined as number | undefined },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    token,
    entries,
    requests,
    faults,
    get blobUploadStatus() {
      return server.blobUploadStatus;
    },
    set blobUploadStatus(s) {
      server.blobUploadStatus = s;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
