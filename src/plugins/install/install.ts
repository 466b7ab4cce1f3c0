import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
  type GoVersion,
  type VersionConstraints,
  compareVersions,
  constraintsCheck,
  formatConstraints,
  parseConstraints,
  parseVersion,
} from '../../text/go-version';
import { type PluginDescription, UnsupportedProtocolError, describePlugin } from '../describe';
import { listInstallations } from '../discovery/installations';
import { API_VERSION_MAJOR, API_VERSION_MINOR } from '../handshake';
import { extractBinary } from './archive';
import { InterruptedError } from './http';
import { type LockedPlugin, archiveHash, binaryHash, binaryHashFromHex, normalizeHashes } from './lock-file';
import { LOCK_PLATFORMS, type Platform, binaryExtension, hostPlatform } from './platform';
import {
  type PluginAddress,
  RateLimitError,
  type ReleaseArchive,
  type ReleaseSource,
  SourceUnavailableError,
  pluginAddress,
} from './sources';

/**
 * Installs one required plugin in Packer's layout (plugin-getter's InstallLatest, with a lock):
 * the highest release matching the constraint (or exactly the locked version), from the first
 * source that lists the plugin. Every archive is checked against its release's SHA256SUMS (and the
 * lock's hashes) before it is opened, its binary must `describe` itself as the release's version,
 * and it lands in the plugin directory beside its `_SHA256SUM` through temporary files and renames:
 * on any failure nothing is installed.
 */

export interface InstallRequest {
  readonly source: string;
  /** go-version syntax, "" for any version. */
  readonly constraints: string;
  readonly directory: string;
  readonly sources: readonly ReleaseSource[];
  /** The lock file's entry: installs exactly its version (unless `upgrade`) and checks its hashes. */
  readonly locked?: LockedPlugin;
  /** `-upgrade`: the newest matching release, whatever is installed or locked. */
  readonly upgrade?: boolean;
  /** `-force`: download and install again even when installed. */
  readonly force?: boolean;
  readonly platform?: Platform;
  readonly describe?: (binary: string) => Promise<PluginDescription>;
  readonly log?: (line: string) => void;
  /**
   * Aborted on Ctrl-C: the downloads on the HTTP client stop (the client is given the same
   * signal), and whatever failure that causes is reported as the InterruptedError it is, not as a
   * reason to try the next version or source.
   */
  readonly signal?: AbortSignal;
}

export interface InstallOutcome {
  /** `installed`: downloaded now; `present`: already installed (and matching the lock, if any). */
  readonly status: 'installed' | 'present';
  /** Without `v`. */
  readonly version: string;
  readonly binary: string;
  /** What the lock file should hold for this plugin from now on. */
  readonly hashes: readonly string[];
  /** The source it was downloaded from (`installed` only). */
  readonly from?: string;
}

/** The plugin could not be installed; `message` lists every reason, as Packer's multierror. */
export class InstallError extends Error {
  constructor(
    readonly reasons: readonly string[],
    readonly rateLimited = false,
  ) {
    super(reasons.map((r) => `* ${r.split('\n').join('\n  ')}`).join('\n'));
    this.name = 'InstallError';
  }
}

export async function installPlugin(req: InstallRequest): Promise<InstallOutcome> {
  try {
    if (req.signal?.aborted) throw new InterruptedError();
    return await install(req);
  } catch (err) {
    if (req.signal?.aborted) throw new InterruptedError();
    throw err;
  }
}

async function install(req: InstallRequest): Promise<InstallOutcome> {
  const platform = req.platform ?? hostPlatform();
  let address: PluginAddress;
  try {
    address = pluginAddress(req.source);
  } catch (err) {
    throw new InstallError([(err as Error).message]);
  }
  const log = req.log ?? (() => undefined);
  const parsed = parseConstraints(req.constraints === '' ? '>= 0.0.0' : req.constraints);
  if (!parsed.ok) throw new InstallError([parsed.message]);
  const constraints = parsed.constraints;
  const locked = req.locked && !req.upgrade ? req.locked : undefined;
  let exact: GoVersion | undefined;
  if (locked) {
    const v = parseVersion(locked.version);
    if (!v.ok)
      throw new InstallError([`the lock file's version "${locked.version}" of ${req.source}: ${v.message}`]);
    if (req.constraints !== '' && !constraintsCheck(constraints, v.version)) {
      throw new InstallError([
        `the locked version ${locked.version} of ${req.source} does not match the constraints "${formatConstraints(constraints)}": ` +
          'run kiln init -upgrade to choose a version within them and update the lock file',
      ]);
    }
    exact = v.version;
  }
  const wanted = (v: GoVersion): boolean =>
    constraintsCheck(constraints, v) && (exact === undefined || compareVersions(v, exact) === 0);

  if (!req.force && !req.upgrade) {
    const present = await installedMatch(req, constraints, exact, platform);
    if (present) {
      const h1 = present.h1;
      if (!locked)
        return { status: 'present', version: present.version, binary: present.binary, hashes: [h1] };
      if (locked.hashes.includes(h1)) {
        return { status: 'present', version: present.version, binary: present.binary, hashes: locked.hashes };
      }
      // Installed, but no hash of the lock vouches for this binary (a lock made on another platform,
      // or a binary put there by hand): it is checked against the release's archive below.
      log(`${present.binary}: not in the lock file's hashes; checking it against the release`);
    }
  }

  const reasons: string[] = [];
  let listed = false;
  for (const source of req.sources) {
    if (!source.serves(address)) continue;
    const sourceName = source.nameFor?.(address) ?? source.name;
    let versions: string[];
    try {
      versions = await source.versions(address);
    } catch (err) {
      if (err instanceof SourceUnavailableError) {
        reasons.push(`${sourceName}: ${err.message}`);
        continue;
      }
      if (err instanceof RateLimitError) throw new InstallError([...reasons, err.message], true);
      throw new InstallError([...reasons, `${sourceName}: ${(err as Error).message}`]);
    }
    listed = true;
    const candidates = versions
      .map((text) => parseVersion(text))
      .flatMap((r) => (r.ok ? [r.version] : []))
      .filter(wanted)
      .sort((a, b) => compareVersions(b, a));
    if (candidates.length === 0) {
      reasons.push(
        `${sourceName}: no release of ${req.source} matches ${exact ? `the locked version ${locked?.version}` : `"${formatConstraints(constraints)}"`} (releases: ${versions.join(', ') || 'none'})`,
      );
      continue;
    }
    for (const version of candidates) {
      const v = version.original;
      const outcome = await installRelease(req, source, address, v, platform, locked, reasons);
      if (outcome) return outcome;
    }
  }
  if (!listed && reasons.length === 0) reasons.push(`no source serves ${req.source}`);
  throw new InstallError([...reasons, `could not install any compatible version of plugin "${req.source}"`]);
}

/** The highest installed version matching, with its `h1:` hash (from `_SHA256SUM`, already checked by listing). */
async function installedMatch(
  req: InstallRequest,
  constraints: VersionConstraints,
  exact: GoVersion | undefined,
  platform: Platform,
): Promise<{ binary: string; version: string; h1: string } | undefined> {
  const installs = await listInstallations({
    directory: req.directory,
    source: req.source,
    constraints,
    releasesOnly: true,
    platform: platform.os === 'windows' ? 'win32' : (platform.os as NodeJS.Platform),
    arch: platform.arch === 'amd64' ? 'x64' : platform.arch,
    ...(req.describe ? { describe: req.describe } : {}),
    ...(req.log ? { log: req.log } : {}),
  });
  const matching = installs.filter(
    (i) => exact === undefined || compareVersions(i.parsedVersion, exact) === 0,
  );
  const best = matching[matching.length - 1];
  if (!best) return undefined;
  const hex = fs.readFileSync(`${best.binary}_SHA256SUM`, 'utf8').slice(0, 64).toLowerCase();
  return { binary: best.binary, version: best.version.replace(/^v/, ''), h1: binaryHashFromHex(hex) };
}

/**
 * One release: its SHA256SUMS, this platform's archive, downloaded and checked, the binary taken
 * out, described, and moved into place. Returns undefined when the release cannot serve this
 * platform or its binary is not the release it claims (the next version is tried, as Packer's
 * ContinuableInstallError); throws when trying another would hide tampering.
 */
async function installRelease(
  req: InstallRequest,
  source: ReleaseSource,
  address: PluginAddress,
  version: string,
  platform: Platform,
  locked: LockedPlugin | undefined,
  reasons: string[],
): Promise<InstallOutcome | undefined> {
  const fail = (why: string): never => {
    throw new InstallError([...reasons, why]);
  };
  const sourceName = source.nameFor?.(address) ?? source.name;
  let archives: ReleaseArchive[];
  try {
    archives = await source.archives(address, version);
  } catch (err) {
    return fail(
      `could not get the SHA256SUMS file for ${req.source} version ${version} from ${sourceName}: ${(err as Error).message}`,
    );
  }
  const archive = archives.find((a) => a.os === platform.os && a.arch === platform.arch);
  if (!archive) {
    reasons.push(
      `${sourceName}: ${req.source} ${version} has no archive for ${platform.os}_${platform.arch} in its SHA256SUMS`,
    );
    return undefined;
  }
  let api: string;
  try {
    api = await source.apiVersion(address, version, archive);
  } catch (err) {
    return fail(`${sourceName}: ${req.source} ${version}: ${(err as Error).message}`);
  }
  const apiProblem = checkApiVersion(api);
  if (apiProblem) {
    reasons.push(`${sourceName}: ${req.source} ${version}: ${apiProblem}`);
    return undefined;
  }
  const binaryName = source.binaryName(address, version, archive, api) + binaryExtension(platform);
  const target = path.join(req.directory, ...address.parts, binaryName);

  let zip: Buffer;
  try {
    zip = await source.download(address, version, archive);
  } catch (err) {
    return fail(`could not get binary for ${req.source} version ${version}: ${(err as Error).message}`);
  }
  const got = createHash('sha256').update(zip).digest('hex');
  if (got !== archive.sha256) {
    fail(
      `Checksums (sha256) did not match for ${archive.filename}: expected ${archive.sha256} (from the release's SHA256SUMS), ` +
        `got ${got}. Is the checksum file correct ? Is the binary file correct ? Nothing was installed.`,
    );
  }
  let binary: Buffer;
  try {
    binary = await extractBinary(zip, archive.filename, binaryName);
  } catch (err) {
    return fail(`${(err as Error).message}. Nothing was installed.`);
  }
  const h1 = binaryHash(binary);
  const zh = archiveHash(got);
  if (locked && locked.hashes.length > 0 && !locked.hashes.includes(zh) && !locked.hashes.includes(h1)) {
    fail(
      `${archive.filename} (${zh}) does not match any hash the lock file records for ${req.source} ${version}: ` +
        'the release has changed since the lock was made, or the mirror serves another file. Nothing was installed; ' +
        'if the new release is trusted, run kiln init -upgrade to record it.',
    );
  }

  // Described in a private directory first: only a binary that is the release it claims goes in.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-plugin-'));
  try {
    const staged = path.join(scratch, binaryName);
    fs.writeFileSync(staged, binary, { mode: 0o755 });
    const problem = await checkDescription(req, staged, version);
    if (problem?.fatal) fail(problem.message);
    if (problem) {
      reasons.push(problem.message);
      return undefined;
    }
    placeBinary(target, binary);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  const sameVersion = locked?.version === version ? locked.hashes : [];
  const platforms = new Set(LOCK_PLATFORMS.map((p) => `${p.os}_${p.arch}`));
  return {
    status: 'installed',
    version,
    binary: target,
    from: sourceName,
    hashes: normalizeHashes([
      h1,
      ...archives.filter((a) => platforms.has(`${a.os}_${a.arch}`)).map((a) => archiveHash(a.sha256)),
      ...sameVersion,
    ]),
  };
}

/** Packer's CheckProtocolVersion, with its messages. */
function checkApiVersion(api: string): string | undefined {
  const m = /^x(\d+)\.(\d+)$/.exec(api.trim());
  if (!m)
    return `Invalid remote protocol: "${api}", expected something like '${API_VERSION_MAJOR}.${API_VERSION_MINOR}'`;
  if (m[1] !== API_VERSION_MAJOR) {
    return `unsupported remote protocol MAJOR version ${m[1]}. The current MAJOR protocol version is ${API_VERSION_MAJOR}. This version of Kiln can only communicate with plugins using that version`;
  }
  if (Number(m[2]) > Number(API_VERSION_MINOR)) {
    return `unsupported remote protocol MINOR version ${m[2]}. The supported MINOR protocol versions are version ${API_VERSION_MINOR} and below. Please upgrade Kiln or use an older version of the plugin if possible`;
  }
  return undefined;
}

/** checkVersion: the binary must describe itself as the release's version, and not a pre-release. */
async function checkDescription(
  req: InstallRequest,
  binary: string,
  version: string,
): Promise<{ message: string; fatal: boolean } | undefined> {
  let description: PluginDescription;
  try {
    description = await (req.describe ?? ((b: string) => describePlugin(b, { source: req.source })))(binary);
  } catch (err) {
    if (err instanceof UnsupportedProtocolError) description = err.description;
    else
      return {
        message: `failed to describe plugin binary of ${req.source} ${version}: ${(err as Error).message}`,
        fatal: false,
      };
  }
  const reported = parseVersion(description.version);
  const expected = parseVersion(version);
  if (!reported.ok || !expected.ok) {
    return {
      message: `invalid self-reported version "${description.version}" of ${req.source}`,
      fatal: false,
    };
  }
  const core = (v: GoVersion): string => v.segments.slice(0, 3).join('.');
  if (core(reported.version) !== core(expected.version)) {
    return {
      message: `binary reported version ("${description.version}") is different from the expected "${version}", skipping`,
      fatal: false,
    };
  }
  if (reported.version.prerelease !== '' || expected.version.prerelease !== '') {
    return {
      message:
        `binary reported a pre-release version of ${description.version}\n` +
        'Remote installation of pre-release plugin versions is unsupported.\n' +
        'This is likely an upstream issue, which should be reported.\n' +
        'If you require this specific version of the plugin, download the binary and install it manually.\n\n' +
        `kiln plugins install --path '<plugin_binary>' ${req.source}`,
      fatal: true,
    };
  }
  return undefined;
}

/**
 * The binary and its `_SHA256SUM` written beside their final names and renamed into place: the
 * checksum first (a checksum without its binary is ignored by discovery), then the binary.
 */
export function placeBinary(target: string, binary: Buffer): void {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const tmpBinary = path.join(dir, `.${path.basename(target)}${suffix}`);
  const tmpSum = path.join(dir, `.${path.basename(target)}_SHA256SUM${suffix}`);
  try {
    fs.writeFileSync(tmpBinary, binary, { mode: 0o755 });
    fs.writeFileSync(tmpSum, createHash('sha256').update(binary).digest('hex'), { mode: 0o644 });
    fs.renameSync(tmpSum, `${target}_SHA256SUM`);
    fs.renameSync(tmpBinary, target);
  } catch (err) {
    fs.rmSync(tmpBinary, { force: true });
    fs.rmSync(tmpSum, { force: true });
    throw err;
  }
}
