import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { kilnCacheDirectory } from '../../code-cache';

/**
 * Packer's sha256 Checksummer for an installed plugin: the first 64 hex digits of
 * `<binary>_SHA256SUM` against the binary's own digest. Packer hashes every binary it discovers on
 * every run; for a 40 MB plugin that is the larger part of Kiln's start-up when a template uses
 * one (~50–100 ms on a CI runner). So a digest, once computed, is remembered in Kiln's cache with
 * the file's identity on disk (device, inode, size, modification and change times, to the
 * nanosecond): a later run whose binary has that identity is the same file, not modified since —
 * rewriting a file moves its change time, which its owner cannot set back — and is not read
 * again. The expected digest is read from `_SHA256SUM` every time, so a changed checksum file is
 * noticed at once. A cache that cannot be read or written only means hashing again;
 * KILN_NO_CHECKSUM_CACHE=1 turns it off.
 */

export interface ChecksumOptions {
  /** Where digests are remembered; undefined: not at all. Default: Kiln's cache directory. */
  readonly cacheDirectory?: string | undefined;
}

/** Does the binary match its `_SHA256SUM`? */
export function checksumMatches(binary: string, opts: ChecksumOptions = defaultOptions()): boolean {
  return verifiedDigest(binary, opts) !== undefined;
}

/** The binary's SHA-256 (hex) when it matches its `_SHA256SUM`; undefined when it does not. */
export function verifiedDigest(binary: string, opts: ChecksumOptions = defaultOptions()): string | undefined {
  let expected: string;
  try {
    expected = fs.readFileSync(`${binary}_SHA256SUM`, 'utf8').slice(0, 64).toLowerCase();
  } catch {
    return undefined;
  }
  if (!/^[0-9a-f]{64}$/.test(expected)) return undefined;
  let actual: string | undefined;
  try {
    const identity = fileIdentity(binary);
    const entry = opts.cacheDirectory ? entryPath(opts.cacheDirectory, binary) : undefined;
    actual = entry ? remembered(entry, identity) : undefined;
    if (actual === undefined) {
      actual = sha256File(binary);
      // Only what the file still is after reading it is remembered.
      if (entry && fileIdentity(binary) === identity) remember(entry, identity, actual);
    }
  } catch {
    return undefined;
  }
  return actual === expected ? actual : undefined;
}

const defaults = new Map<string, string | undefined>();

/** Kiln's cache directory `name` (made private on first use), unless KILN_NO_CHECKSUM_CACHE=1. */
export function pluginCacheDirectory(name: string): string | undefined {
  if (process.env.KILN_NO_CHECKSUM_CACHE === '1') return undefined;
  if (!defaults.has(name)) defaults.set(name, kilnCacheDirectory(name));
  return defaults.get(name);
}

function defaultOptions(): ChecksumOptions {
  return { cacheDirectory: pluginCacheDirectory('plugin-checksums') };
}

/** The file's identity on disk: any write to it changes its change time. */
function fileIdentity(file: string): string {
  const st = fs.statSync(file, { bigint: true });
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
}

function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    // In pieces: a 40 MB binary need not be held in memory at once.
    const buffer = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** One entry per binary, named by its path's digest. */
function entryPath(directory: string, binary: string): string {
  const key = createHash('sha256').update(path.resolve(binary)).digest('hex');
  return path.join(directory, `${key}.json`);
}

interface Entry {
  readonly identity: string;
  readonly sha256: string;
}

function remembered(entry: string, identity: string): string | undefined {
  try {
    const st = fs.lstatSync(entry);
    if (!st.isFile() || (process.platform !== 'win32' && st.uid !== process.getuid?.())) return undefined;
    const e = JSON.parse(fs.readFileSync(entry, 'utf8')) as Partial<Entry>;
    return e.identity === identity && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256)
      ? e.sha256
      : undefined;
  } catch {
    return undefined;
  }
}

/** Written atomically: a concurrent run reads the old entry or the new one. */
function remember(entry: string, identity: string, sha256: string): void {
  const temp = `${entry}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, JSON.stringify({ identity, sha256 } satisfies Entry), { mode: 0o600 });
    fs.renameSync(temp, entry);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
