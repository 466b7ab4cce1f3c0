import { parseSha256Sums } from './checksums';
import { type HttpResponse, UnreachableError } from './http';
import {
  type ReleaseSource,
  type PluginAddress,
  type SourceOptions,
  RateLimitError,
  SourceUnavailableError,
  ensureOk,
  parseArchives,
  trimSlash,
} from './sources';

/**
 * GitHub releases of `github.com/<namespace>/packer-plugin-<name>`: one API call for the tags
 * (`git/matching-refs/tags`, as Packer), authenticated with PACKER_GITHUB_API_TOKEN or GITHUB_TOKEN
 * (sent to the API host only); the release assets from the download host.
 */
export function githubReleases(opts: SourceOptions): ReleaseSource {
  const api = trimSlash(opts.env.KILN_PLUGIN_GITHUB_API_URL || 'https://api.github.com');
  const web = trimSlash(opts.env.KILN_PLUGIN_GITHUB_URL || 'https://github.com');
  const token = opts.env.PACKER_GITHUB_API_TOKEN || opts.env.GITHUB_TOKEN;
  const repo = (a: PluginAddress): string => `${a.namespace}/packer-plugin-${a.name}`;
  const asset = (a: PluginAddress, version: string, file: string): string =>
    `${web}/${repo(a)}/releases/download/v${version}/${file}`;
  return {
    name: new URL(web).host,
    serves: (a) => a.host === 'github.com' && a.parts.length === 3,
    async versions(a) {
      const url = `${api}/repos/${repo(a)}/git/matching-refs/tags`;
      const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
      if (token) headers.authorization = `Bearer ${token}`;
      let res: HttpResponse;
      try {
        res = await opts.http.get(url, { headers });
      } catch (err) {
        if (err instanceof UnreachableError) throw new SourceUnavailableError(err.message);
        throw err;
      }
      const remaining = res.headers['x-ratelimit-remaining'];
      if (
        (res.status === 403 || res.status === 429) &&
        (remaining === '0' || res.headers['retry-after'] !== undefined)
      ) {
        const reset = Number(res.headers['x-ratelimit-reset']);
        const retryAfter = Number(res.headers['retry-after']);
        const at =
          Number.isFinite(reset) && reset > 0
            ? new Date(reset * 1000)
            : Number.isFinite(retryAfter)
              ? new Date(Date.now() + retryAfter * 1000)
              : undefined;
        throw new RateLimitError(at, `GET ${url}: ${res.status} ${apiMessage(res)}`);
      }
      if (res.status === 404) throw new SourceUnavailableError(`${url}: HTTP 404 (no such repository?)`);
      ensureOk(res, 'could not list the release tags');
      const refs = JSON.parse(res.body.toString('utf8')) as { ref?: unknown }[];
      if (!Array.isArray(refs)) throw new Error(`${url}: expected a list of refs`);
      return refs
        .map((r) => (typeof r.ref === 'string' ? r.ref.replace(/^refs\/tags\//, '') : ''))
        .filter((t) => /^v\d/.test(t))
        .map((t) => t.slice(1));
    },
    async archives(a, version) {
      const file = `packer-plugin-${a.name}_v${version}_SHA256SUMS`;
      const res = ensureOk(await opts.http.get(asset(a, version, file)), 'could not get the SHA256SUMS file');
      return parseArchives(parseSha256Sums(res.body.toString('utf8')), a.name, version, {
        official: false,
        github: true,
      });
    },
    apiVersion: (_a, _v, archive) => Promise.resolve(archive.api ?? ''),
    async download(a, version, archive) {
      return ensureOk(
        await opts.http.get(asset(a, version, archive.filename)),
        'could not get the plugin archive',
      ).body;
    },
    binaryName: (a, version, archive, apiVersion) =>
      `packer-plugin-${a.name}_v${version}_${apiVersion}_${archive.os}_${archive.arch}`,
  };
}

function apiMessage(res: HttpResponse): string {
  try {
    const m = (JSON.parse(res.body.toString('utf8')) as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON
  }
  return res.body.toString('utf8').slice(0, 200);
}
