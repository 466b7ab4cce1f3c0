import { parseSha256Sums } from './checksums';
import { type HttpResponse, UnreachableError } from './http';
import { parseVersion } from '../../text/go-version';
import {
  type PluginAddress,
  type ReleaseSource,
  type SourceOptions,
  SourceUnavailableError,
  ensureOk,
  parseArchives,
  trimSlash,
} from './sources';

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
