/**
 * Consul KV and Vault reads for the remote worker process (see remote-worker-main.ts). Plain HTTP
 * GETs through Node's fetch; the error texts follow the Go clients Packer uses (consul/api,
 * vault/api) so messages read like Packer's.
 */
import type { ConsulKeyRequest, RemoteReply, VaultReadRequest } from './remote-protocol';

type GetResult = { readonly status: number; readonly body: string } | { readonly failure: string };

/** The Go net/http wording for the usual connection problems, or undefined for anything else. */
export function connectionFailure(e: unknown): string | undefined {
  const err = e as { name?: string; code?: string; cause?: { code?: string } } | undefined;
  const code = err?.cause?.code ?? err?.code;
  if (code === 'ECONNREFUSED') return 'connect: connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'no such host';
  if (code === 'ECONNRESET') return 'connection reset by peer';
  if (code === 'ETIMEDOUT' || err?.name === 'TimeoutError' || err?.name === 'AbortError')
    return 'request timed out';
  return undefined;
}

function networkReason(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } } | undefined;
  return connectionFailure(e) ?? String(err?.cause?.message ?? err?.cause?.code ?? err?.message ?? e);
}

async function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<GetResult> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { failure: `Get "${url}": ${networkReason(e)}` };
  }
}

export async function readConsulKey(req: ConsulKeyRequest, timeoutMs: number): Promise<RemoteReply> {
  const headers: Record<string, string> = req.token ? { 'X-Consul-Token': req.token } : {};
  const url = `${req.base}/v1/kv/${req.key.split('/').map(encodeURIComponent).join('/')}`;
  const r = await get(url, headers, timeoutMs);
  if ('failure' in r) return { ok: false, error: `error reading consul key: ${r.failure}` };
  if (r.status === 404) return { ok: true, value: null };
  if (r.status !== 200)
    return {
      ok: false,
      error: `error reading consul key: Unexpected response code: ${r.status} (${r.body})`,
    };
  const entries = JSON.parse(r.body) as unknown;
  if (!Array.isArray(entries) || entries.length === 0) return { ok: true, value: null };
  const v = (entries[0] as { Value?: unknown }).Value;
  // Consul returns the value base64-encoded, and null for a key that exists without a value.
  return { ok: true, value: typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '' };
}

export async function readVaultSecret(req: VaultReadRequest, timeoutMs: number): Promise<RemoteReply> {
  const headers: Record<string, string> = { 'X-Vault-Token': req.token };
  if (req.namespace) headers['X-Vault-Namespace'] = req.namespace;
  const url = `${req.base}/v1/${req.path.replace(/^\/+/, '')}`;
  const r = await get(url, headers, timeoutMs);
  if ('failure' in r) return { ok: false, error: `Error reading vault secret: ${r.failure}` };
  if (r.status === 404) return { ok: true, value: null };
  if (r.status < 200 || r.status > 299) {
    let errors: unknown[];
    try {
      const doc = JSON.parse(r.body) as { errors?: unknown };
      errors = Array.isArray(doc.errors) ? doc.errors : [];
    } catch {
      errors = [r.body];
    }
    return {
      ok: false,
      error:
        `Error reading vault secret: Error making API request.\n\nURL: GET ${url}\nCode: ${r.status}. Errors:\n\n` +
        errors.map((x) => `* ${String(x)}`).join('\n'),
    };
  }
  return { ok: true, value: JSON.parse(r.body) as unknown };
}
