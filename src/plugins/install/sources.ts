import type { ChecksumEntry } from './checksums';
import type { HttpClient, HttpResponse } from './http';
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
 *
 * This module holds what they share (addresses, the source contract, errors, SHA256SUMS entries);
 * release-site.ts the official site and the remote source (one layout), github-releases.ts GitHub,
 * release-sources.ts the list in order.
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

export const trimSlash = (s: string): string => s.replace(/\/+$/, '');

export function ensureOk(res: HttpResponse, what: string): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw new Error(`${what}: ${res.url} answered HTTP ${res.status}`);
}

/**
 * The archives of one release for one version, from its SHA256SUMS (Packer's Init of each getter):
 * `packer-plugin-<name>_<version>_<os>_<arch>.zip` as the official site names them, and, where
 * `githubNames`, `packer-plugin-<name>_v<version>_x<api>_<os>_<arch>.zip` as GitHub release assets
 * are named (the API version in the name). Other files (the manifest, other versions) are left out.
 */
export function parseArchives(
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
