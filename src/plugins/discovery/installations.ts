import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  type GoVersion,
  type VersionConstraints,
  compareVersions,
  constraintsCheck,
  formatVersion,
  parseVersion,
} from '../../text/go-version';
import { verifiedDigest } from './checksum';
import { describeInstalled } from './described';
import { type PluginDescription, UnsupportedProtocolError } from '../describe';
import { API_VERSION_MAJOR, API_VERSION_MINOR } from '../handshake';

/**
 * The installed binaries of plugins in Packer's layout (packer/plugin-getter ListInstallations):
 * `<dir>/<host>/<namespace>/<name>/packer-plugin-<name>_v<version>_x<api>_<os>_<arch>[.exe]`, each
 * beside `<binary>_SHA256SUM`. As Packer, a binary is skipped (never an error) when its checksum
 * file is missing or wrong, its name's version is not canonical or has metadata, `describe` fails
 * or reports another version or API version, or the API is not one Kiln speaks; among the rest,
 * the version constraint (checked on the version's core, so `-dev` builds match) picks.
 */

export interface Installation {
  readonly binary: string;
  /** The plugin's name, from `packer-plugin-<name>_`: the prefix of its component names. */
  readonly name: string;
  /** As in the file name, `v1.1.2`. */
  readonly version: string;
  readonly parsedVersion: GoVersion;
  readonly description: PluginDescription;
  /**
   * Set for a plugin built with packer-plugin-sdk before v0.6.0: installed and chosen as Packer
   * would, but refused when one of its components is used, with this message (what to move to).
   */
  readonly refusal?: string;
}

export interface ListOptions {
  readonly directory: string;
  /** `github.com/hashicorp/docker`: only that plugin's directory is searched. */
  readonly source?: string;
  /** Only binaries named `packer-plugin-<name>_…` (what a component type can come from). */
  readonly names?: ReadonlySet<string>;
  readonly constraints?: VersionConstraints;
  /** `-ignore-prerelease-plugins`: skip `-dev` builds. */
  readonly releasesOnly?: boolean;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
  /** How a binary is described (tests replace it); the real one runs `<binary> describe`. */
  readonly describe?: (binary: string) => Promise<PluginDescription>;
  /** Why each binary was skipped, as Packer logs it. */
  readonly log?: (line: string) => void;
}

const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
const GOOS: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris' };
const MAX_DEPTH = 16;

/** Sorted as Packer sorts them: by plugin name, then ascending version; the last of a name wins. */
export async function listInstallations(opts: ListOptions): Promise<Installation[]> {
  const platform = opts.platform ?? process.platform;
  const suffix = `_${GOOS[platform] ?? platform}_${GOARCH[opts.arch ?? process.arch] ?? opts.arch ?? process.arch}${platform === 'win32' ? '.exe' : ''}`;
  const sourceName = opts.source ? opts.source.split('/').pop() : undefined;
  const prefix = sourceName ? `packer-plugin-${sourceName}_` : 'packer-plugin-';
  const root = opts.source ? path.join(opts.directory, path.dirname(opts.source)) : opts.directory;
  const log = opts.log ?? (() => undefined);
  // The source address, from where the binary sits: names the release to move to when refused.
  const sourceOf = (binary: string): string =>
    path.relative(opts.directory, path.dirname(binary)).split(path.sep).join('/');
  const describe = (binary: string, sha256: string): Promise<PluginDescription> =>
    opts.describe ? opts.describe(binary) : describeInstalled(binary, sha256, { source: sourceOf(binary) });

  const candidates: { binary: string; name: string; versionText: string; api: string }[] = [];
  for (const binary of walk(root, opts.directory)) {
    const base = path.basename(binary);
    if (!base.startsWith(prefix) || !base.endsWith(suffix)) continue;
    const rest = base.slice('packer-plugin-'.length, base.length - suffix.length);
    const m = /^([^_]+)_(v[^_]+)_(x[^_]+)$/.exec(rest);
    if (!m) continue;
    const [, name, versionText, api] = m;
    if (opts.names && !opts.names.has(name)) continue;
    candidates.push({ binary, name, versionText, api });
  }

  const checked = await Promise.all(
    candidates.map(async (c): Promise<Installation | undefined> => {
      const skip = (why: string): undefined => {
        log(`${c.binary}: ${why}, ignoring it`);
        return undefined;
      };
      const sha256 = verifiedDigest(c.binary);
      if (sha256 === undefined) return skip('no valid _SHA256SUM beside it');
      const parsed = parseVersion(c.versionText);
      if (!parsed.ok) return skip(`incorrect version ${c.versionText}`);
      const v = parsed.version;
      if (`v${formatVersion(v)}` !== c.versionText) return skip(`version ${c.versionText} is not canonical`);
      if (v.prerelease !== '' && opts.releasesOnly) return skip('pre-release plugin');
      if (v.metadata !== '') return skip(`version ${c.versionText} has metadata`);
      let description: PluginDescription;
      let refusal: string | undefined;
      try {
        description = await describe(c.binary, sha256);
      } catch (err) {
        if (!(err instanceof UnsupportedProtocolError))
          return skip(`describe failed: ${(err as Error).message}`);
        description = err.description;
        refusal = err.message;
      }
      const described = parseVersion(description.version);
      if (!described.ok || compareVersions(described.version, v) !== 0) {
        return skip(`it reports version ${description.version} while its name says ${c.versionText}`);
      }
      if (description.apiVersion !== c.api) {
        return skip(`it reports API version ${description.apiVersion} while its name says ${c.api}`);
      }
      const api = /^x(\d+)\.(\d+)$/.exec(c.api);
      if (!api || api[1] !== API_VERSION_MAJOR || Number(api[2]) > Number(API_VERSION_MINOR)) {
        return skip(`it needs plugin API ${c.api}`);
      }
      if (opts.constraints && !constraintsCheck(opts.constraints, core(v))) {
        return skip(`version ${c.versionText} does not match the constraint`);
      }
      return {
        binary: c.binary,
        name: c.name,
        version: c.versionText,
        parsedVersion: v,
        description,
        ...(refusal !== undefined ? { refusal } : {}),
      };
    }),
  );
  return checked
    .filter((i): i is Installation => i !== undefined)
    .sort((a, b) =>
      a.name !== b.name ? (a.name < b.name ? -1 : 1) : compareVersions(a.parsedVersion, b.parsedVersion),
    );
}

/** The version without pre-release and metadata (go-version's Core). */
function core(v: GoVersion): GoVersion {
  const parsed = parseVersion(v.segments.slice(0, 3).join('.'));
  if (!parsed.ok) throw new Error(`core version of ${v.original}: ${parsed.message}`);
  return parsed.version;
}

/** Files under `root`, not those directly in `top` (Packer wants a hierarchy), at most 16 levels down. */
function* walk(root: string, top: string): Generator<string> {
  const stack: { dir: string; depth: number }[] = [
    { dir: root, depth: path.relative(top, root).split(path.sep).filter(Boolean).length },
  ];
  while (stack.length > 0) {
    const { dir, depth } = stack.pop() as { dir: string; depth: number };
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // a missing directory: nothing installed there yet
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? 1 : -1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) stack.push({ dir: full, depth: depth + 1 });
      } else if (depth > 0 && (e.isFile() || e.isSymbolicLink())) {
        yield full;
      }
    }
  }
}
