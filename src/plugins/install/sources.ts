import { type ChecksumEntry, parseSha256Sums } from './checksums';
import { type HttpClient, type HttpResponse, UnreachableError } from './http';
import type { Platform } from './platform';

/**
 * Where plugin releases come from, in the order `kiln init` asks (as Packer's getters): the
 * official release site, for plugins of the `hashicorp` namespace only, then GitHub releases. Each
 * base address can be replaced for a mirror or an air-gapped network (docs: README, "Installing
 * plugins"):
 *
 *   KILN_PLUGIN_RELEASES_URL    https://releases.hashicorp.com   (index.json, _SHA256SUMS, _manifest.json, zips)
 *   KILN_PLUGIN_GITHUB_API_URL  https://api.github.com           (the one tags call)
 *   KILN_PLUGIN_GITHUB_URL      https://github.com               (release assets: _SHA256SUMS, zips)
 *   KILN_PLUGIN_SOURCES         "releases,github" (default), "github", "releases": which, in order
 */

/** `github.com/<namespace>/<name>`: what both sources can serve. */
export interface PluginAddress {
  readonly source: string;
  readonly host: string;
  readonly namespace: string;
  readonly name: string;
}

export function pluginAddress(source: string): PluginAddress {
  const parts = source.split('/');
  if (parts.length !== 3) {
    throw new Error(
      `Invalid github.com URI "${source}": a Github-compatible source must be in the github.com/<namespace>/<name> format.`,
    );
  }
  return { source, host: parts[0], namespace: parts[1], name: parts[2].replace(/^packer-plugin-/, '') };
}

/** One archive of a release, from its SHA256SUMS. */
export interface ReleaseArchive extends ChecksumEntry, Platform {
  /** `x5.0`, when the file name says it (GitHub); the official site's comes from its manifest. */
  readonly api?: string;
}

export interface ReleaseSource {
  /** As Packer names its getters in messages: `releases.hashicorp.com`, `github.com`. */
  readonly name: string;
  /** Whether this source can serve that plugin at all. */
  serves(address: PluginAddress): boolean;
  /** Release versions as published (without `v`); throws SourceUnavailableError when not reachable. */
  versions(address: PluginAddress): Promise<string[]>;
  /** The release's SHA256SUMS, the archives it names parsed for version and platform. */
  archives(address: PluginAddress, version: string): Promise<ReleaseArchive[]>;
  /** The plugin API version (`x5.0`) of an archive. */
  apiVersion(address: PluginAddress, version: string, archive: ReleaseArchive): Promise<string>;
  download(address: PluginAddress, version: string, archive: ReleaseArchive): Promise<Buffer>;
  /** The binary's name inside the archive (and in the plugin directory, with `.exe` on Windows). */
  binaryName(address: PluginAddress, version: string, archive: ReleaseArchive, api: string): string;
}

/** The source cannot list this plugin's releases (unreachable, not found): the next source is asked. */
export class SourceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}

/** The GitHub API answered 403/429 with no requests left: Packer's message, with the time it resets. */
export class RateLimitError extends Error {
  constructor(
    readonly resetAt: Date | undefined,
    detail: string,
    now: Date = new Date(),
  ) {
    const wait =
      resetAt !== undefined
        ? `Try again in ${formatWait(resetAt.getTime() - now.getTime())} (at ${resetAt.toISOString()}).`
        : 'Try again later.';
    super(
      `Plugin host rate limited the plugin getter. ${wait}\n` +
        `HINT: Set the PACKER_GITHUB_API_TOKEN env var with a token to get more requests (GITHUB_TOKEN is used when it is not set; the action passes the job's token).\n` +
        detail,
    );
    this.name = 'RateLimitError';
  }
}

function formatWait(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${s % 60}s` : `${s}s`;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');

function ensureOk(res: HttpResponse, what: string): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw new Error(`${what}: ${res.url} answered HTTP ${res.status}`);
}

/**
 * The archives of one release for one version: `packer-plugin-<name>_<version>_<os>_<arch>.zip` on
 * the official site, `packer-plugin-<name>_v<version>_x<api>_<os>_<arch>.zip` on GitHub (Packer's
 * Init of each getter). Other files (the manifest, other versions) are left out.
 */
function parseArchives(
  entries: readonly ChecksumEntry[],
  name: string,
  version: string,
  withApi: boolean,
): ReleaseArchive[] {
  const prefix = `packer-plugin-${name}_`;
  const out: ReleaseArchive[] = [];
  for (const e of entries) {
    if (!e.filename.startsWith(prefix) || !e.filename.endsWith('.zip')) continue;
    const parts = e.filename.slice(prefix.length, -'.zip'.length).split('_');
    if (withApi) {
      if (parts.length !== 4 || parts[0] !== `v${version}`) continue;
      out.push({ ...e, api: parts[1], os: parts[2], arch: parts[3] });
    } else {
      if (parts.length !== 3 || parts[0] !== version) continue;
      out.push({ ...e, os: parts[1], arch: parts[2] });
    }
  }
  return out;
}

export interface SourceOptions {
  readonly http: HttpClient;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** releases.hashicorp.com's layout: `<base>/packer-plugin-<name>/index.json` and `<base>/packer-plugin-<name>/<version>/…`. */
export function officialReleases(opts: SourceOptions): ReleaseSource {
  const base = trimSlash(opts.env.KILN_PLUGIN_RELEASES_URL || 'https://releases.hashicorp.com');
  const dir = (a: PluginAddress): string => `${base}/packer-plugin-${a.name}`;
  const manifests = new Map<string, Promise<string>>();
  return {
    name: new URL(base).host,
    serves: (a) => a.host === 'github.com' && a.namespace === 'hashicorp',
    async versions(a) {
      const url = `${dir(a)}/index.json`;
      let res: HttpResponse;
      try {
        res = await opts.http.get(url);
      } catch (err) {
        throw new SourceUnavailableError((err as Error).message);
      }
      if (res.status >= 400) throw new SourceUnavailableError(`${url}: HTTP ${res.status}`);
      let index: unknown;
      try {
        index = JSON.parse(res.body.toString('utf8'));
      } catch (err) {
        throw new Error(`could not parse release index ${url}: ${(err as Error).message}`);
      }
      const versions = (index as { versions?: unknown }).versions;
      if (typeof versions !== 'object' || versions === null)
        throw new Error(`${url}: no "versions" in the release index`);
      return Object.keys(versions);
    },
    async archives(a, version) {
      const url = `${dir(a)}/${version}/packer-plugin-${a.name}_${version}_SHA256SUMS`;
      const res = ensureOk(await opts.http.get(url), 'could not get the SHA256SUMS file');
      return parseArchives(parseSha256Sums(res.body.toString('utf8')), a.name, version, false);
    },
    apiVersion(a, version) {
      const url = `${dir(a)}/${version}/packer-plugin-${a.name}_${version}_manifest.json`;
      let p = manifests.get(url);
      if (!p) {
        p = (async () => {
          const res = ensureOk(await opts.http.get(url), 'could not get the release manifest');
          const meta = JSON.parse(res.body.toString('utf8')) as { metadata?: { protocol_version?: unknown } };
          const pv = meta.metadata?.protocol_version;
          if (typeof pv !== 'string') throw new Error(`${url}: no metadata.protocol_version`);
          return `x${pv}`;
        })();
        manifests.set(url, p);
      }
      return p;
    },
    async download(a, version, archive) {
      return ensureOk(
        await opts.http.get(`${dir(a)}/${version}/${archive.filename}`),
        'could not get the plugin archive',
      ).body;
    },
    binaryName: (a, version, archive, api) =>
      `packer-plugin-${a.name}_v${version}_${api}_${archive.os}_${archive.arch}`,
  };
}

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
    serves: (a) => a.host === 'github.com',
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
      return parseArchives(parseSha256Sums(res.body.toString('utf8')), a.name, version, true);
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

/** The sources to ask, in order (KILN_PLUGIN_SOURCES picks and orders them). */
export function releaseSources(opts: SourceOptions): ReleaseSource[] {
  const wanted = (opts.env.KILN_PLUGIN_SOURCES || 'releases,github').split(',').map((s) => s.trim());
  const known: Record<string, () => ReleaseSource> = {
    releases: () => officialReleases(opts),
    github: () => githubReleases(opts),
  };
  return wanted.map((w) => {
    const make = known[w];
    if (!make) throw new Error(`KILN_PLUGIN_SOURCES: unknown source "${w}" (use releases, github)`);
    return make();
  });
}
