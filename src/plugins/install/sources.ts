import { type ChecksumEntry, parseSha256Sums } from './checksums';
import { type HttpClient, type HttpResponse, UnreachableError } from './http';
import { parseVersion } from '../../text/go-version';
import type { Platform } from './platform';

/**
 * Where plugin releases come from, in the order `kiln init` asks (as Packer's getters): for a
 * `github.com/…` source, the official release site (for plugins of the `hashicorp` namespace only),
 * then GitHub releases; for a source on any other host, that host itself over HTTPS, serving the
 * official site's layout under the source's path (Packer 1.16.1's `remote` getter). Each base
 * address can be replaced for a mirror or an air-gapped network (docs: README, "Installing
 * plugins"):
 *
 *   KILN_PLUGIN_RELEASES_URL    https://releases.hashicorp.com   (index.json, _SHA256SUMS, _manifest.json, zips)
 *   KILN_PLUGIN_GITHUB_API_URL  https://api.github.com           (the one tags call)
 *   KILN_PLUGIN_GITHUB_URL      https://github.com               (release assets: _SHA256SUMS, zips)
 *   KILN_PLUGIN_HOST_URLS       "HOST=https://URL,…": where the remote source reaches HOST instead of https://HOST
 *   KILN_PLUGIN_SOURCES         "releases,github,remote" (default): which, in order
 */

/** A `required_plugins` source: `<host>/<path…>/<name>`, at least three parts (Packer's addrs.Plugin). */
export interface PluginAddress {
  readonly source: string;
  readonly host: string;
  /** Every part, host first, name last: where the plugin lives below the plugin directory. */
  readonly parts: readonly string[];
  /** The part before the name (GitHub's owner). */
  readonly namespace: string;
  readonly name: string;
}

export function pluginAddress(source: string): PluginAddress {
  const parts = source.split('/');
  if (parts.length < 3 || parts.some((p) => p === '')) {
    throw new Error(`Invalid plugin source "${source}": expected <host>/<namespace>/<name>`);
  }
  // Packer's github getter refuses any other shape on github.com; other hosts take any depth.
  if (parts[0] === 'github.com' && parts.length !== 3) {
    throw new Error(
      `Invalid github.com URI "${source}": a Github-compatible source must be in the github.com/<namespace>/<name> format.`,
    );
  }
  return {
    source,
    host: parts[0],
    parts,
    namespace: parts[parts.length - 2],
    name: parts[parts.length - 1],
  };
}

/** One archive of a release, from its SHA256SUMS. */
export interface ReleaseArchive extends ChecksumEntry, Platform {
  /** `x5.0`, when the file name says it (GitHub); the official site's comes from its manifest. */
  readonly api?: string;
}

export interface ReleaseSource {
  /** As Packer names its getters in messages: `releases.hashicorp.com`, `github.com`, `remote`. */
  readonly name: string;
  /** The name for one plugin, when it depends on the plugin (the remote source names its host). */
  nameFor?(address: PluginAddress): string;
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
 * The archives of one release for one version, from its SHA256SUMS (Packer's Init of each getter):
 * `packer-plugin-<name>_<version>_<os>_<arch>.zip` as the official site names them, and, where
 * `githubNames`, `packer-plugin-<name>_v<version>_x<api>_<os>_<arch>.zip` as GitHub release assets
 * are named (the API version in the name). Other files (the manifest, other versions) are left out.
 */
function parseArchives(
  entries: readonly ChecksumEntry[],
  name: string,
  version: string,
  names: { official: boolean; github: boolean },
): ReleaseArchive[] {
  const prefix = `packer-plugin-${name}_`;
  const out: ReleaseArchive[] = [];
  for (const e of entries) {
    if (!e.filename.startsWith(prefix) || !e.filename.endsWith('.zip')) continue;
    const parts = e.filename.slice(prefix.length, -'.zip'.length).split('_');
    if (names.github && parts.length === 4 && parts[0] === `v${version}` && /^x\d+\.\d+$/.test(parts[1])) {
      out.push({ ...e, api: parts[1], os: parts[2], arch: parts[3] });
    } else if (names.official && parts.length === 3 && parts[0] === version) {
      out.push({ ...e, os: parts[1], arch: parts[2] });
    }
  }
  return out;
}

export interface SourceOptions {
  readonly http: HttpClient;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * One source in the official release site's layout, below `pluginDir(address)`:
 *
 *   packer-plugin-<name>/index.json
 *   packer-plugin-<name>/<version>/packer-plugin-<name>_<version>_SHA256SUMS
 *   packer-plugin-<name>/<version>/<the zips listed by the SHA256SUMS file>
 *   packer-plugin-<name>/<version>/packer-plugin-<name>_<version>_manifest.json
 *
 * The official site and the remote source differ only in where that is and in what they tolerate.
 */
interface ReleaseLayout {
  readonly name: string;
  readonly nameFor?: (a: PluginAddress) => string;
  readonly serves: (a: PluginAddress) => boolean;
  /** The URL of `packer-plugin-<name>`, without a trailing slash. */
  readonly pluginDir: (a: PluginAddress) => string;
  /**
   * The remote source (Packer's remote getter): a plugin's index is the only place its releases
   * can come from, so a missing or broken one fails the install with Packer's messages; versions
   * it cannot parse are skipped; archives may carry GitHub's names (a GitHub release retrofitted
   * into the layout), and then need no manifest.
   */
  readonly remote: boolean;
}

function releaseLayoutSource(opts: SourceOptions, layout: ReleaseLayout): ReleaseSource {
  const manifests = new Map<string, Promise<string>>();
  const fetchOk = async (url: string, what: string): Promise<HttpResponse> => {
    if (!layout.remote) return ensureOk(await opts.http.get(url), what);
    let res: HttpResponse;
    try {
      res = await opts.http.get(url);
    } catch (err) {
      if (err instanceof UnreachableError) throw new Error(`failed to fetch ${url}: ${err.message}`);
      throw err;
    }
    if (res.status >= 400) throw new Error(`${url} returned status ${res.status}`);
    return res;
  };
  return {
    name: layout.name,
    ...(layout.nameFor ? { nameFor: layout.nameFor } : {}),
    serves: layout.serves,
    async versions(a) {
      const url = `${layout.pluginDir(a)}/index.json`;
      if (layout.remote) return remoteIndexVersions(url, (await fetchOk(url, '')).body);
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
      const url = `${layout.pluginDir(a)}/${version}/packer-plugin-${a.name}_${version}_SHA256SUMS`;
      const res = await fetchOk(url, 'could not get the SHA256SUMS file');
      return parseArchives(parseSha256Sums(res.body.toString('utf8')), a.name, version, {
        official: true,
        github: layout.remote,
      });
    },
    apiVersion(a, version, archive) {
      // A GitHub-named archive says its API version; the official site's names leave it to the manifest.
      if (archive.api !== undefined) return Promise.resolve(archive.api);
      const url = `${layout.pluginDir(a)}/${version}/packer-plugin-${a.name}_${version}_manifest.json`;
      let p = manifests.get(url);
      if (!p) {
        p = (async () => {
          let res: HttpResponse;
          try {
            res = await fetchOk(url, 'could not get the release manifest');
          } catch (err) {
            if (!layout.remote) throw err;
            throw new Error(
              `${(err as Error).message}\nThe checksum entries of this version carry no plugin protocol version in their names, so the mirrored version must include its manifest.json, as published on releases.hashicorp.com`,
            );
          }
          let meta: { metadata?: { protocol_version?: unknown } };
          try {
            meta = JSON.parse(res.body.toString('utf8')) as typeof meta;
          } catch (err) {
            throw new Error(`malformed manifest.json for version ${version}: ${(err as Error).message}`);
          }
          const pv = meta.metadata?.protocol_version;
          if (typeof pv !== 'string' || pv === '') {
            throw new Error(
              layout.remote
                ? `manifest.json for version ${version} declares no protocol_version`
                : `${url}: no metadata.protocol_version`,
            );
          }
          return `x${pv}`;
        })();
        manifests.set(url, p);
      }
      return p;
    },
    async download(a, version, archive) {
      return (
        await fetchOk(
          `${layout.pluginDir(a)}/${version}/${archive.filename}`,
          'could not get the plugin archive',
        )
      ).body;
    },
    binaryName: (a, version, archive, api) =>
      `packer-plugin-${a.name}_v${version}_${api}_${archive.os}_${archive.arch}`,
  };
}

/** The remote getter's index.json: the keys of `versions`, those that parse as versions. */
function remoteIndexVersions(url: string, body: Buffer): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new Error(`${url}: malformed index.json: ${(err as Error).message}`);
  }
  const versions = (raw as { versions?: unknown } | null)?.versions;
  const keys = typeof versions === 'object' && versions !== null ? Object.keys(versions) : [];
  if (keys.length === 0) throw new Error(`${url}: index.json contains no versions`);
  const usable = keys.filter((k) => parseVersion(k).ok);
  if (usable.length === 0) throw new Error(`${url}: index.json contains no usable versions`);
  return usable;
}

/** releases.hashicorp.com: `<base>/packer-plugin-<name>/…`, for `github.com/hashicorp/<name>` only. */
export function officialReleases(opts: SourceOptions): ReleaseSource {
  const base = trimSlash(opts.env.KILN_PLUGIN_RELEASES_URL || 'https://releases.hashicorp.com');
  return releaseLayoutSource(opts, {
    name: new URL(base).host,
    serves: (a) => a.host === 'github.com' && a.namespace === 'hashicorp',
    pluginDir: (a) => `${base}/packer-plugin-${a.name}`,
    remote: false,
  });
}

/**
 * Packer 1.16.1's remote getter: a source on any host but github.com is installed from that host,
 * over HTTPS, in the official site's layout under the source's path:
 * `plugins.example.com/mirror/hashicorp/happycloud` is read from
 * `https://plugins.example.com/mirror/hashicorp/packer-plugin-happycloud/…`. KILN_PLUGIN_HOST_URLS
 * sends a host elsewhere (`plugins.example.com=https://127.0.0.1:8443`), since a source address
 * cannot carry a port.
 */
export function remoteReleases(opts: SourceOptions): ReleaseSource {
  const hosts = hostUrls(opts.env.KILN_PLUGIN_HOST_URLS);
  const baseFor = (host: string): string => hosts.get(host.toLowerCase()) ?? `https://${host}`;
  return releaseLayoutSource(opts, {
    name: 'remote',
    nameFor: (a) => a.host,
    serves: (a) => a.host !== 'github.com',
    pluginDir: (a) => [baseFor(a.host), ...a.parts.slice(1, -1), `packer-plugin-${a.name}`].join('/'),
    remote: true,
  });
}

/** KILN_PLUGIN_HOST_URLS: `host=https://url` pairs, comma-separated. HTTPS only, as Packer's getter. */
export function hostUrls(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of (text ?? '').split(',')) {
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    const host = item.slice(0, Math.max(eq, 0)).trim().toLowerCase();
    const url = item.slice(eq + 1).trim();
    let parsed: URL | undefined;
    try {
      parsed = eq > 0 ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (host === '' || !parsed || parsed.protocol !== 'https:') {
      throw new Error(
        `KILN_PLUGIN_HOST_URLS: "${item.trim()}" is not HOST=https://URL (plugins are fetched over HTTPS only)`,
      );
    }
    out.set(host, trimSlash(url));
  }
  return out;
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

/**
 * The sources to ask, in order (KILN_PLUGIN_SOURCES picks and orders them). Each serves its own
 * sources only (github.com's two, the remote one every other host), so the order matters only
 * between `releases` and `github`.
 */
export function releaseSources(opts: SourceOptions): ReleaseSource[] {
  const wanted = (opts.env.KILN_PLUGIN_SOURCES || 'releases,github,remote').split(',').map((s) => s.trim());
  const known: Record<string, () => ReleaseSource> = {
    releases: () => officialReleases(opts),
    github: () => githubReleases(opts),
    remote: () => remoteReleases(opts),
  };
  return wanted.map((w) => {
    const make = known[w];
    if (!make) throw new Error(`KILN_PLUGIN_SOURCES: unknown source "${w}" (use releases, github, remote)`);
    return make();
  });
}
